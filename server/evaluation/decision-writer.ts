/**
 * Writes decision-log rows with group commit: rows from requests that arrive while an insert
 * is in flight go together in the next one. Each request still waits until its own rows are
 * stored, so nothing is answered before it is logged; under load the database sees a few
 * large inserts instead of one per request.
 */
import type { Db } from "../db/connect.js";
import { decisions } from "../db/schema.js";

export type DecisionRow = typeof decisions.$inferInsert;

/** PostgreSQL allows 65535 bind parameters per statement; a row uses 15. */
const MAX_ROWS_PER_INSERT = 2000;

interface Pending {
  rows: DecisionRow[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class DecisionWriter {
  private queue: Pending[] = [];
  private running = false;

  constructor(private readonly db: Db) {}

  write(rows: DecisionRow[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        // Take whole requests up to the statement's size; a request larger than that goes alone.
        const batch: Pending[] = [];
        let count = 0;
        while (this.queue.length > 0 && (batch.length === 0 || count + this.queue[0].rows.length <= MAX_ROWS_PER_INSERT)) {
          const next = this.queue.shift()!;
          batch.push(next);
          count += next.rows.length;
        }
        try {
          const rows = batch.flatMap((p) => p.rows);
          if (rows.length <= MAX_ROWS_PER_INSERT) {
            await this.db.insert(decisions).values(rows);
          } else {
            // One request larger than a statement: all of its rows or none.
            await this.db.transaction(async (tx) => {
              for (let i = 0; i < rows.length; i += MAX_ROWS_PER_INSERT) {
                await tx.insert(decisions).values(rows.slice(i, i + MAX_ROWS_PER_INSERT));
              }
            });
          }
          for (const p of batch) p.resolve();
        } catch (error) {
          for (const p of batch) p.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
