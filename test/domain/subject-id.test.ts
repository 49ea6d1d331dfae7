import {
  creditCodeCheckChar,
  parseCreditCode,
  parseResidentId,
  parseSubjectId,
  residentIdCheckChar,
} from '../../domain/subject-id';

describe('GB 32100-2015: check digit of 统一社会信用代码', () => {
  test('worked example: weighted sum 1348, 1348 mod 31 = 15, check value 31 - 15 = 16 → "G"', () => {
    // Made-up body: 9 (registration authority) 1 (enterprise) 999999 (no such division) 00000001A.
    expect(creditCodeCheckChar('9199999900000001A')).toBe('G');
    expect(parseCreditCode('9199999900000001AG')).toEqual({
      ok: true,
      kind: 'organization',
      id: '9199999900000001AG',
    });
  });

  test('a check value of 31 is written as "0"', () => {
    // Find a body whose sum is a multiple of 31 by varying the last body character.
    const bodies = '0123456789ABCDEFGHJKLMNPQRTUWXY'.split('').map((c) => `9199999900000001${c}`);
    const zero = bodies.find((b) => creditCodeCheckChar(b) === '0');
    expect(zero).toBeDefined();
    expect(parseCreditCode(`${zero}0`).ok).toBe(true);
  });

  test('lower-case letters are accepted and returned in canonical upper case', () => {
    expect(parseCreditCode('9199999900000001ag')).toMatchObject({ ok: true, id: '9199999900000001AG' });
  });

  test.each([
    ['9199999900000001A', 'length'],
    ['9199999900000001AGG', 'length'],
    ['9199999900000001IG', 'charset'], // I, O, S, V, Z are not code characters
    ['91999999000000O1AG', 'charset'],
    ['9199999900000001A?', 'charset'],
    ['9199999900000001AH', 'check-digit'],
  ])('refuses %s (%s)', (code, reason) => {
    expect(parseCreditCode(code)).toEqual({ ok: false, reason, kind: 'organization' });
  });
});

describe('GB 11643-1999 / ISO 7064 MOD 11-2: check digit of 居民身份证号', () => {
  test("the standard's own examples", () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
    expect(parseResidentId('11010519491231002X')).toEqual({
      ok: true,
      kind: 'person',
      id: '11010519491231002X',
    });
    expect(parseResidentId('11010519491231002x')).toMatchObject({ ok: true, id: '11010519491231002X' });
  });

  test('a made-up number in a division that does not exist (99xxxx)', () => {
    const body = '99000019900101123';
    const id = body + residentIdCheckChar(body);
    expect(parseResidentId(id)).toEqual({ ok: true, kind: 'person', id });
  });

  test.each([
    ['11010519491231002', 'length'],
    ['1101051949123100X2', 'charset'], // X only as the check character
    ['11010519491231002Y', 'charset'],
    ['110105194902300021', 'birth-date'], // 30 February
    ['110105179901010021', 'birth-date'], // year 1799: outside the plausible range
    ['110105194913010021', 'birth-date'], // month 13
    ['110105194912310021', 'check-digit'],
  ])('refuses %s (%s)', (id, reason) => {
    expect(parseResidentId(id)).toEqual({ ok: false, reason, kind: 'person' });
  });

  test('29 February only in a leap year', () => {
    const leap = '99000020000229001';
    const common = '99000019000229001'; // 1900 is not a leap year
    expect(parseResidentId(leap + residentIdCheckChar(leap)).ok).toBe(true);
    expect(parseResidentId(common + residentIdCheckChar(common))).toMatchObject({ reason: 'birth-date' });
  });
});

describe('parseSubjectId: tells the two kinds apart', () => {
  test('a code with letters is an organisation, a plausible birth date and MOD 11-2 a person', () => {
    expect(parseSubjectId('9199999900000001AG')).toMatchObject({ ok: true, kind: 'organization' });
    expect(parseSubjectId('11010519491231002X')).toMatchObject({ ok: true, kind: 'person' });
  });

  test('the kind hint decides which rule applies', () => {
    expect(parseSubjectId('11010519491231002X', 'organization')).toMatchObject({
      ok: false,
      kind: 'organization',
    });
    expect(parseSubjectId('9199999900000001AG', 'person')).toMatchObject({ ok: false, reason: 'charset' });
  });

  test('an all-digit string valid under both rules is refused as ambiguous without a hint', () => {
    // Search made-up bodies (division 990000 does not exist) for one that passes both check digits.
    let both: string | undefined;
    for (let n = 0; n < 1000 && !both; n++) {
      const body = `99000019900101${String(n).padStart(3, '0')}`;
      const id = body + residentIdCheckChar(body);
      if (/^\d+$/.test(id) && parseCreditCode(id).ok) both = id;
    }
    expect(both).toBeDefined();
    expect(parseSubjectId(both!)).toEqual({ ok: false, reason: 'ambiguous', kind: null });
    expect(parseSubjectId(both!, 'person')).toMatchObject({ ok: true, kind: 'person' });
    expect(parseSubjectId(both!, 'organization')).toMatchObject({ ok: true, kind: 'organization' });
  });

  test('a refusal reports the kind the string looks like', () => {
    expect(parseSubjectId('110105194912310021')).toEqual({
      ok: false,
      reason: 'check-digit',
      kind: 'person',
    });
    expect(parseSubjectId('9199999900000001AH')).toEqual({
      ok: false,
      reason: 'check-digit',
      kind: 'organization',
    });
    expect(parseSubjectId('')).toMatchObject({ ok: false, reason: 'length' });
  });
});
