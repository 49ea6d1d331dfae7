import { resolveCorrection } from '../../domain/cases/correction';

const current = { title: '行政处罚', decisionNumber: '示〔2026〕1号', basis: '某条例', summary: '旧摘要' };

describe('a correction names what it removes (issue 13: a correction lost data)', () => {
  test('a partial content without merge is refused, listing every field it would drop', () => {
    expect(resolveCorrection(current, { content: { summary: '新' } })).toEqual({
      ok: false,
      field: 'content',
      message: expect.stringContaining('basis'),
      removedFields: ['title', 'decisionNumber', 'basis'],
    });
  });

  test('merge keeps the fields content does not set', () => {
    expect(resolveCorrection(current, { content: { summary: '新' }, merge: true })).toEqual({
      ok: true,
      content: { ...current, summary: '新' },
    });
  });

  test('named removals go, with or without merge', () => {
    const { basis: _b, ...rest } = current;
    expect(resolveCorrection(current, { content: rest, removeFields: ['basis'] })).toEqual({
      ok: true,
      content: rest,
    });
    expect(resolveCorrection(current, { content: {}, merge: true, removeFields: ['basis'] })).toEqual({
      ok: true,
      content: rest,
    });
  });

  test('a whole new content that keeps every field needs nothing more', () => {
    expect(resolveCorrection(current, { content: { ...current, summary: '新' } }).ok).toBe(true);
  });

  test('removing a field that content sets is contradictory; removing everything is refused', () => {
    expect(resolveCorrection(current, { content: current, removeFields: ['title'] })).toMatchObject({
      ok: false,
      field: 'removeFields',
    });
    expect(resolveCorrection({ a: 1 }, { content: {}, merge: true, removeFields: ['a'] })).toMatchObject({
      ok: false,
      field: 'content',
    });
  });
});
