/**
 * The randomness seed Temporal's Core gives a workflow run: SipHash-1-3 (keys 0, 0) of the run id
 * as Rust's `str::hash` feeds it (its UTF-8 bytes, then 0xff). Using the same function means a
 * history recorded in-process replays with the same `Math.random()`/`uuid4()` values on a real
 * worker, so a workflow that branches on randomness does not look non-deterministic on replay.
 */
const MASK = (1n << 64n) - 1n;

function rotl(x: bigint, b: bigint): bigint {
  return ((x << b) | (x >> (64n - b))) & MASK;
}

export function randomnessSeedOf(runId: string): bigint {
  const bytes = [...Buffer.from(runId, 'utf8'), 0xff];
  let v0 = 0x736f6d6570736575n;
  let v1 = 0x646f72616e646f6dn;
  let v2 = 0x6c7967656e657261n;
  let v3 = 0x7465646279746573n;
  const round = () => {
    v0 = (v0 + v1) & MASK;
    v1 = rotl(v1, 13n) ^ v0;
    v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & MASK;
    v3 = rotl(v3, 16n) ^ v2;
    v0 = (v0 + v3) & MASK;
    v3 = rotl(v3, 21n) ^ v0;
    v2 = (v2 + v1) & MASK;
    v1 = rotl(v1, 17n) ^ v2;
    v2 = rotl(v2, 32n);
  };
  const word = (from: number, to: number) => {
    let m = 0n;
    for (let i = to - 1; i >= from; i--) m = (m << 8n) | BigInt(bytes[i]);
    return m;
  };
  const whole = bytes.length - (bytes.length % 8);
  for (let i = 0; i < whole; i += 8) {
    const m = word(i, i + 8);
    v3 ^= m;
    round();
    v0 ^= m;
  }
  const last = ((BigInt(bytes.length) & 0xffn) << 56n) | word(whole, bytes.length);
  v3 ^= last;
  round();
  v0 ^= last;
  v2 ^= 0xffn;
  round();
  round();
  round();
  return v0 ^ v1 ^ v2 ^ v3;
}
