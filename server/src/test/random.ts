/**
 * A small seeded generator (mulberry32) for property tests over random ledgers: a failing sequence is
 * replayed from its seed, which the tests print in their failure message.
 */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  /** An integer in [0, n). */
  const below = (n: number) => Math.floor(next() * n);
  /** An integer in [min, max]. */
  const int = (min: number, max: number) => min + below(max - min + 1);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[below(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  return { next, below, int, pick };
}
