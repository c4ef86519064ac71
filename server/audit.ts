/** The audit log: every change, with who, what, when and the source hashes before and after. */
import { auditLog } from "./db/schema.js";
import type { Db } from "./db/connect.js";

export interface AuditEntry {
  unitId: number | null;
  actor: string;
  action: string;
  target: string;
  before?: string | null;
  after?: string | null;
  details?: Record<string, unknown>;
}

/** Written inside the same transaction as the change, so the log never misses or invents one. */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    businessUnitId: entry.unitId,
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    beforeSha256: entry.before ?? null,
    afterSha256: entry.after ?? null,
    details: entry.details ?? null,
  });
}
