/** mulberry32: small, fast, and the same on every machine, so a seed names a portfolio. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The draws the generators make. Each takes exactly one number from the stream, so changing
 * how a draw is written must not change how many numbers it takes: a seed's rows would move.
 */
export interface Draws {
  rnd: () => number;
  /** A whole number from lo to hi, both included. */
  int: (lo: number, hi: number) => number;
  /** True with probability p. */
  chance: (p: number) => boolean;
  pick: <T>(xs: readonly T[]) => T;
}

export function draws(rnd: () => number): Draws {
  return {
    rnd,
    int: (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1)),
    chance: (p) => rnd() < p,
    pick: (xs) => xs[Math.floor(rnd() * xs.length)],
  };
}
