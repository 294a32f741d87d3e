// The seeded PRNG of our tests, fuzzers and benchmarks (mulberry32): small, fast, and the
// same sequence for the same seed, so every randomized case can be reproduced.

export type Rng = () => number;

/** A deterministic sequence of floats in [0, 1) for `seed`. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
