/** Operations with weights: how often a simulated client makes each kind of call. */
export type TrafficMix<Operation extends string> = ReadonlyArray<readonly [Operation, number]>;

/** Picks operations in proportion to their weights, drawing from `random` (Math.random, or a seeded one). */
export function operationPicker<Operation extends string>(
  mix: TrafficMix<Operation>,
  random: () => number = Math.random,
): () => Operation {
  const total = mix.reduce((sum, [, weight]) => sum + weight, 0);
  const [first] = mix[0] ?? [];
  if (first === undefined || total <= 0) throw new Error('A traffic mix needs at least one weighted operation');
  return () => {
    let roll = random() * total;
    for (const [operation, weight] of mix) {
      roll -= weight;
      if (roll < 0) return operation;
    }
    return first;
  };
}

/** A small seeded generator (mulberry32), so a run makes the same sequence of calls every time. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
