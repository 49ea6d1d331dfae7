import { listingsToRemind, type KeyAttentionListing } from '../../domain/key-attention';
import { policyFor } from '../../domain/policy';

const policy = policyFor('xiamen').keyAttention;
const listing = (recordId: string, providerUnitId: string, decidedOn: string): KeyAttentionListing => ({
  recordId,
  providerUnitId,
  decidedOn,
});
const ids = (l: KeyAttentionListing[]) => l.map((x) => x.recordId);

describe('厦门办法第二十八条: key-attention lists of three or more sectors within twelve months', () => {
  test('the policy: three sectors, twelve months, 5 working days to decide (design default)', () => {
    expect(policy).toMatchObject({ sectors: 3, windowMonths: 12, decideDays: 5 });
    expect(policy.article).toBe('厦门办法第二十八条');
  });

  test('three units within twelve months: every listing in the window is reminded', () => {
    const all = [
      listing('r1', 'unit-a', '2026-01-10'),
      listing('r2', 'unit-b', '2026-06-01'),
      listing('r3', 'unit-c', '2027-01-10'),
    ];
    expect(ids(listingsToRemind(all, new Set(['r3']), policy))).toEqual(['r1', 'r2', 'r3']);
  });

  test('a day more than twelve months apart does not count', () => {
    const all = [
      listing('r1', 'unit-a', '2026-01-10'),
      listing('r2', 'unit-b', '2026-06-01'),
      listing('r3', 'unit-c', '2027-01-11'),
    ];
    expect(listingsToRemind(all, new Set(['r3']), policy)).toEqual([]);
  });

  test('sectors are provider units: three listings by two units are not enough', () => {
    const all = [
      listing('r1', 'unit-a', '2026-01-10'),
      listing('r2', 'unit-a', '2026-02-01'),
      listing('r3', 'unit-b', '2026-03-01'),
    ];
    expect(listingsToRemind(all, new Set(['r3']), policy)).toEqual([]);
  });

  test('only windows holding a listing just collected: an old qualifying window is not reminded again', () => {
    const all = [
      listing('r1', 'unit-a', '2024-01-10'),
      listing('r2', 'unit-b', '2024-02-01'),
      listing('r3', 'unit-c', '2024-03-01'),
      listing('r4', 'unit-a', '2026-05-01'),
    ];
    expect(listingsToRemind(all, new Set(['r4']), policy)).toEqual([]);
    expect(ids(listingsToRemind(all, new Set(['r2']), policy))).toEqual(['r1', 'r2', 'r3']);
  });

  test('a fourth unit in an overlapping window is reminded with the listings it shares a window with', () => {
    const all = [
      listing('r1', 'unit-a', '2026-01-10'),
      listing('r2', 'unit-b', '2026-06-01'),
      listing('r3', 'unit-c', '2026-12-01'),
      listing('r4', 'unit-d', '2027-05-01'),
    ];
    // r1's window ends 2027-01-10; r2's (to 2027-06-01) holds r2, r3, r4: three units.
    expect(ids(listingsToRemind(all, new Set(['r4']), policy))).toEqual(['r2', 'r3', 'r4']);
  });
});
