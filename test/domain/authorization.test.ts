import { authorizationStatus, expiryRefusal } from '../../domain/authorization';

const code = { expiresOn: '2026-10-31', maxUses: 1, uses: 0, revoked: false };

describe('湖北平台 授权码: whether a code may still give a report', () => {
  test('a fresh code is active through its last day (inclusive, Asia/Shanghai dates)', () => {
    expect(authorizationStatus(code, '2026-10-01')).toBe('active');
    expect(authorizationStatus(code, '2026-10-31')).toBe('active');
  });

  test('after its last day it is expired', () => {
    expect(authorizationStatus(code, '2026-11-01')).toBe('expired');
  });

  test('one report per use: a code used as often as it allows is used up', () => {
    expect(authorizationStatus({ ...code, uses: 1 }, '2026-10-01')).toBe('used-up');
    expect(authorizationStatus({ ...code, maxUses: 3, uses: 2 }, '2026-10-01')).toBe('active');
  });

  test('a revocation wins over everything else', () => {
    expect(authorizationStatus({ ...code, revoked: true, uses: 1 }, '2026-12-01')).toBe('revoked');
  });
});

describe('the last day a subject may give a code', () => {
  test('from today up to twelve months ahead', () => {
    expect(expiryRefusal('2026-10-01', '2026-10-01')).toBeNull();
    expect(expiryRefusal('2027-10-01', '2026-10-01')).toBeNull();
    expect(expiryRefusal('2027-10-02', '2026-10-01')).toMatch(/12 months/);
    expect(expiryRefusal('2026-09-30', '2026-10-01')).toMatch(/before today/);
    expect(expiryRefusal('2026-02-30', '2026-01-01')).toMatch(/YYYY-MM-DD/);
  });
});
