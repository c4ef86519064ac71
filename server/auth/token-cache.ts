/**
 * Recently seen API tokens, so a busy system's evaluations do not look its token up in the
 * database on every request. Revoking a token sends a NOTIFY on TOKENS_CHANNEL that empties
 * this cache in every server process; entries also expire on their own.
 */
import type { TokenCaller } from "../context.js";

export const TOKENS_CHANNEL = "credit_rules_tokens";

const TTL_MS = 60_000;
const CAPACITY = 10_000;

export class TokenCache {
  private readonly entries = new Map<string, { caller: TokenCaller; expires: number }>();
  private generation = 0;

  get(hash: string): TokenCaller | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.expires < Date.now()) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.caller;
  }

  /** The generation to pass to `set`: a lookup that raced with a revocation is not cached. */
  get current(): number {
    return this.generation;
  }

  set(hash: string, caller: TokenCaller, generation: number): void {
    if (generation !== this.generation) return;
    if (this.entries.size >= CAPACITY) this.entries.clear();
    this.entries.set(hash, { caller, expires: Date.now() + TTL_MS });
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
