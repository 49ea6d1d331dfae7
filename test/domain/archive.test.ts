import { materialsRetainUntil, mayReadArchive } from '../../domain/archive';

describe('厦门查询规则第十三条: application materials', () => {
  test('厦门查询规则第十三条: kept for five years from receipt', () => {
    expect(materialsRetainUntil('2026-09-30')).toBe('2031-09-30');
    expect(materialsRetainUntil('2028-02-29')).toBe('2033-02-28');
  });

  test('厦门查询规则第十三条: staff read the archive only with the supervisor’s grant, while it runs', () => {
    const clerk = { id: 'demo-clerk', role: 'clerk' };
    expect(mayReadArchive(clerk, [], '2026-10-01')).toBe(false);
    expect(mayReadArchive(clerk, [{ userId: 'demo-clerk', expiresOn: '2026-10-01' }], '2026-10-01')).toBe(
      true,
    );
    expect(mayReadArchive(clerk, [{ userId: 'demo-clerk', expiresOn: '2026-10-01' }], '2026-10-02')).toBe(
      false,
    );
    expect(mayReadArchive(clerk, [{ userId: 'someone-else', expiresOn: '2027-01-01' }], '2026-10-01')).toBe(
      false,
    );
  });

  test('the supervisor, who grants, may read', () => {
    expect(mayReadArchive({ id: 'demo-supervisor', role: 'supervisor' }, [], '2026-10-01')).toBe(true);
  });
});
