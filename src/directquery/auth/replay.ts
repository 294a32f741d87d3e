// Step 5: a jti is accepted once while its token is valid. Memory is bounded: at capacity,
// expired entries are swept (at most once per second, so a full cache cannot make every
// call pay an O(n) sweep); if it is still full, tokens carrying a jti are refused (fail
// closed: evicting a live jti would reopen it to replay). Only validly signed tokens get
// here, so only key holders can fill it.

export type Admission = 'admitted' | 'replayed' | 'full';

const SWEEP_INTERVAL_S = 1;

export class ReplayGuard {
  readonly #capacity: number;
  /** jti → exp (seconds since the epoch). */
  readonly #seen = new Map<string, number>();
  #nextSweepS = -Infinity;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#seen.size;
  }

  /** Records `jti` until `exp`; tells whether it was new, a replay, or could not be recorded. */
  admit(jti: string, exp: number, nowS: number): Admission {
    const known = this.#seen.get(jti);
    if (known !== undefined) {
      if (known > nowS) return 'replayed';
      this.#seen.delete(jti);
    }
    if (this.#seen.size >= this.#capacity) {
      if (nowS >= this.#nextSweepS) this.sweep(nowS);
      if (this.#seen.size >= this.#capacity) return 'full';
    }
    this.#seen.set(jti, exp);
    return 'admitted';
  }

  /** Drops every entry whose token has expired. */
  sweep(nowS: number): void {
    this.#nextSweepS = nowS + SWEEP_INTERVAL_S;
    for (const [jti, exp] of this.#seen) if (exp <= nowS) this.#seen.delete(jti);
  }
}
