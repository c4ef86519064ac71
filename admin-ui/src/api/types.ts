/** Shapes of the server's API (docs/api.md) as the admin UI reads them. */
import type { EvaluationRecord } from "../../../engine/record.js";

export type Role = "viewer" | "tester" | "author" | "approver" | "admin";

export interface Membership {
  businessUnit: string;
  role: Role;
}

export interface User {
  username: string;
  memberships: Membership[];
}

export interface Identity {
  user: User;
  csrfToken: string;
}

export interface RulesetSummary {
  businessUnit: string;
  name: string;
  label: string | null;
  publishedVersion: number | null;
  hasDraft: boolean;
}

export interface RulesetInfo extends RulesetSummary {
  publishedSha256: string | null;
  draft: { revision: number; updatedBy: string; updatedAt: string; baseVersion: number | null } | null;
}

export interface VersionSummary {
  version: number;
  sha256: string;
  status?: string;
  state?: "active" | "scheduled" | "superseded";
  author: string | null;
  publisher: string | null;
  createdAt: string | null;
  publishedAt: string | null;
  effectiveFrom?: string | null;
  rolledBackFrom?: number | null;
}

export interface VersionWithSource extends VersionSummary {
  source: string;
}

export interface Draft {
  source: string;
  revision: number;
  updatedBy: string | null;
  updatedAt: string | null;
  baseVersion: number | null;
}

export interface SavedDraft {
  revision: number;
  updatedBy?: string;
  updatedAt?: string;
}

/** The body of a 409 on save: someone else saved first. */
export interface DraftConflict {
  currentRevision: number;
  source: string | null;
  updatedBy: string | null;
  updatedAt?: string | null;
}

export interface StoredTestCase {
  id: number;
  name: string;
  /** Parsed with exact JSON: decimal numbers are LosslessNumber values. */
  facts: Record<string, unknown>;
  expected: Record<string, unknown>;
  createdBy?: string;
  createdAt?: string;
}

export interface Mismatch {
  path: string;
  expected: unknown;
  actual: unknown;
}

export interface TestRun {
  version: string;
  sha256: string;
  passed: number;
  failed: number;
  cases: Array<{ id: number; name: string; passed: boolean; mismatches: Mismatch[]; record: EvaluationRecord }>;
  sourceTests: Array<{ name: string; passed: boolean; failures: string[]; line: number }>;
}
