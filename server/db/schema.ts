/**
 * The database schema. drizzle-kit generates the migrations in ./migrations from this file;
 * the immutability trigger for published versions is a hand-written migration beside them.
 */
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

export const businessUnits = pgTable("business_units", {
  id: serial("id").primaryKey(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  username: text("username").notNull().unique(),
  /** `scrypt$N$r$p$salt$hash`, see server/auth/passwords.ts. */
  passwordHash: text("password_hash").notNull(),
  createdAt: createdAt(),
});

export const ROLES = ["viewer", "tester", "author", "approver", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const memberships = pgTable(
  "memberships",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    businessUnitId: integer("business_unit_id")
      .notNull()
      .references(() => businessUnits.id),
    role: text("role").$type<Role>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.businessUnitId] }),
    check("memberships_role_check", sql`${t.role} in ('viewer','tester','author','approver','admin')`),
  ],
);

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 of the cookie value: a leaked table does not give away live sessions. */
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessUnitId: integer("business_unit_id")
      .notNull()
      .references(() => businessUnits.id),
    name: text("name").notNull(),
    role: text("role").$type<Role>().notNull(),
    /** SHA-256 of the token; the token itself is shown once, at creation. */
    tokenHash: text("token_hash").notNull().unique(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [check("api_tokens_role_check", sql`${t.role} in ('viewer','tester','author','approver','admin')`)],
);

export const rulesets = pgTable(
  "rulesets",
  {
    id: serial("id").primaryKey(),
    businessUnitId: integer("business_unit_id")
      .notNull()
      .references(() => businessUnits.id),
    name: text("name").notNull(),
    label: text("label"),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("rulesets_unit_name_idx").on(t.businessUnitId, t.name)],
);

export const rulesetVersions = pgTable(
  "ruleset_versions",
  {
    id: serial("id").primaryKey(),
    rulesetId: integer("ruleset_id")
      .notNull()
      .references(() => rulesets.id),
    number: integer("number").notNull(),
    source: text("source").notNull(),
    sha256: text("sha256").notNull(),
    /** Every stored version is published; which one is in force is derived from effective_from. */
    status: text("status").notNull().default("published"),
    author: text("author").notNull(),
    publisher: text("publisher").notNull(),
    /** The version whose source a rollback re-published. */
    rolledBackFrom: integer("rolled_back_from"),
    createdAt: createdAt(),
    publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
    effectiveFrom: timestamp("effective_from", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("ruleset_versions_number_idx").on(t.rulesetId, t.number),
    index("ruleset_versions_sha_idx").on(t.sha256),
    check("ruleset_versions_status_check", sql`${t.status} = 'published'`),
    check("ruleset_versions_number_check", sql`${t.number} > 0`),
  ],
);

/**
 * One row per ruleset once a draft has ever been saved. `source` is null while there is no
 * open draft; `revision` only ever grows, so a client holding a revision of an earlier draft
 * can never overwrite a newer one.
 */
export const drafts = pgTable("drafts", {
  rulesetId: integer("ruleset_id")
    .primaryKey()
    .references(() => rulesets.id),
  source: text("source"),
  revision: integer("revision").notNull(),
  baseVersion: integer("base_version"),
  updatedBy: text("updated_by").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const testCases = pgTable(
  "test_cases",
  {
    id: serial("id").primaryKey(),
    rulesetId: integer("ruleset_id")
      .notNull()
      .references(() => rulesets.id),
    name: text("name").notNull(),
    /** The customer's facts as exact JSON text: numbers keep every digit. */
    facts: text("facts").notNull(),
    /** A partial decision record: only the fields given are compared. */
    expected: jsonb("expected").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("test_cases_ruleset_name_idx").on(t.rulesetId, t.name)],
);

export const decisions = pgTable(
  "decisions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    businessUnitId: integer("business_unit_id")
      .notNull()
      .references(() => businessUnits.id),
    rulesetId: integer("ruleset_id")
      .notNull()
      .references(() => rulesets.id),
    versionNumber: integer("version_number").notNull(),
    versionSha256: text("version_sha256").notNull(),
    customerId: text("customer_id"),
    /** The customer's facts as exact JSON text, so a replay sees the very same digits. */
    input: text("input").notNull(),
    output: jsonb("output").notNull(),
    isError: boolean("is_error").notNull(),
    grade: text("grade"),
    score: numeric("score"),
    creditLimit: numeric("credit_limit"),
    caller: text("caller").notNull(),
    requestId: text("request_id"),
    createdAt: createdAt(),
  },
  (t) => [
    index("decisions_ruleset_idx").on(t.rulesetId, t.createdAt),
    index("decisions_customer_idx").on(t.businessUnitId, t.customerId),
  ],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    businessUnitId: integer("business_unit_id").references(() => businessUnits.id),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    /** What was changed, e.g. `ruleset:trading-standard`, `user:alice`, `token:<id>`. */
    target: text("target").notNull(),
    beforeSha256: text("before_sha256"),
    afterSha256: text("after_sha256"),
    details: jsonb("details"),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_unit_idx").on(t.businessUnitId, t.at)],
);
