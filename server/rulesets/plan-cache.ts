/**
 * Compiled plans keyed by the SHA-256 of their source. A source text always compiles to the
 * same plan, so entries never go stale; the cache is only bounded in size.
 */
import { compile } from "../../engine/index.js";
import type { Diagnostic } from "../../dsl/diagnostic.js";
import { sha256Hex } from "../auth/secrets.js";

export type Plan = NonNullable<ReturnType<typeof compile>["plan"]>;

export interface Compiled {
  sha256: string;
  plan: Plan | null;
  diagnostics: Diagnostic[];
}

export class PlanCache {
  private readonly entries = new Map<string, Compiled>();

  constructor(private readonly capacity = 256) {}

  compile(source: string, sha256 = sha256Hex(source)): Compiled {
    const hit = this.entries.get(sha256);
    if (hit) {
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.entries.delete(sha256);
      this.entries.set(sha256, hit);
      return hit;
    }
    const { plan, diagnostics } = compile(source);
    const compiled: Compiled = { sha256, plan, diagnostics };
    this.entries.set(sha256, compiled);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return compiled;
  }

  /** The compiled plan if this source was compiled before, without compiling. */
  peek(sha256: string): Compiled | undefined {
    return this.entries.get(sha256);
  }

  get size(): number {
    return this.entries.size;
  }
}
