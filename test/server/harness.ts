/**
 * Test harness: a server on a fresh database — in-memory PGlite by default, or a new database
 * on the PostgreSQL server named by DATABASE_URL — and a small client that signs in like the
 * admin UI does (session cookie + CSRF header).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { Hono } from "hono";
import postgres from "postgres";
import { createApp } from "../../server/app.js";
import { DEFAULT_LIMITS, type AppEnv, type Limits, type Services } from "../../server/context.js";
import type { DatabaseLocation } from "../../server/db/connect.js";
import { startServices } from "../../server/services.js";

export const ADMIN_PASSWORD = "admin-password-for-tests";
export const onPostgres = Boolean(process.env.DATABASE_URL);

export interface TestServer {
  app: Hono<AppEnv>;
  services: Services;
  /** The database location, for starting more processes on the same data. */
  database: DatabaseLocation;
  close(): Promise<void>;
}

/** A database of its own on the PostgreSQL server of DATABASE_URL, dropped by the returned function. */
export async function scratchPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.DATABASE_URL!;
  const name = `credit_rules_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = postgres(base, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}

export async function startTestServer(options: { limits?: Partial<Limits>; evaluationWorkers?: number } = {}): Promise<TestServer> {
  let database: DatabaseLocation = { memory: true };
  let drop = async () => {};
  if (onPostgres) {
    const scratch = await scratchPostgresDatabase();
    database = { url: scratch.url };
    drop = scratch.drop;
  }
  const started = await startServices({
    database,
    adminPassword: ADMIN_PASSWORD,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    sessionTtlMs: 3_600_000,
    secureCookies: false,
    evaluationWorkers: options.evaluationWorkers ?? 2,
    log: () => {},
  });
  return {
    app: createApp(started.services),
    services: started.services,
    database,
    async close() {
      await started.close();
      await drop();
    },
  };
}

export interface Reply<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/** Something that answers HTTP requests: the app itself (no network) or a running server. */
export interface Target {
  request(path: string, init: RequestInit): Response | Promise<Response>;
}

/** A server process listening on `baseUrl`, reached over loopback. */
export function remote(baseUrl: string): Target {
  return { request: (path, init) => fetch(baseUrl + path, init) };
}

/** Calls the API as a browser would after signing in, or as a system with a bearer token. */
export class Client {
  cookie: string | null = null;
  csrfToken: string | null = null;
  bearer: string | null = null;

  constructor(private readonly app: Target) {}

  static withToken(app: Target, token: string): Client {
    const client = new Client(app);
    client.bearer = token;
    return client;
  }

  async login(username: string, password: string): Promise<Reply> {
    const reply = await this.request("POST", "/api/auth/login", { username, password });
    if (reply.status === 200) {
      const setCookie = reply.headers.get("set-cookie") ?? "";
      this.cookie = setCookie.split(";")[0];
      this.csrfToken = reply.body.csrfToken;
    }
    return reply;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && h["Content-Type"] === undefined) h["Content-Type"] = "application/json";
    if (this.cookie) h.Cookie = this.cookie;
    if (this.csrfToken && method !== "GET" && h["X-CSRF-Token"] === undefined) h["X-CSRF-Token"] = this.csrfToken;
    if (this.bearer) h.Authorization = `Bearer ${this.bearer}`;
    const response = await this.app.request(path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, body: parsed, text, headers: response.headers };
  }

  get = (path: string) => this.request("GET", path);
  post = (path: string, body?: unknown) => this.request("POST", path, body ?? {});
  put = (path: string, body?: unknown) => this.request("PUT", path, body ?? {});
  delete = (path: string) => this.request("DELETE", path);
}

export async function adminClient(server: { app: Target }): Promise<Client> {
  const client = new Client(server.app);
  const reply = await client.login("admin", ADMIN_PASSWORD);
  if (reply.status !== 200) throw new Error(`admin login failed: ${reply.status} ${reply.text}`);
  return client;
}

/** Creates a user with the given roles (through the API, as an admin would) and signs them in. */
export async function userClient(
  server: { app: Target },
  admin: Client,
  username: string,
  memberships: { businessUnit: string; role: string }[],
): Promise<Client> {
  const password = `${username}-password-123`;
  const created = await admin.post("/api/users", { username, password, memberships });
  if (created.status !== 201) throw new Error(`creating ${username} failed: ${created.status} ${created.text}`);
  const client = new Client(server.app);
  const reply = await client.login(username, password);
  if (reply.status !== 200) throw new Error(`login of ${username} failed: ${reply.status} ${reply.text}`);
  return client;
}

/** Shared fixtures: the project's copy in test/fixtures when present, else ../shared/fixtures. */
export function fixture(name: string): string {
  const local = new URL(`../fixtures/${name}`, import.meta.url);
  if (existsSync(local)) return readFileSync(local, "utf8");
  return readFileSync(new URL(`../../../shared/fixtures/${name}`, import.meta.url), "utf8");
}

export function jsonLines(text: string): any[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

/** The raw text of each line, for sending customers with their exact digits. */
export function rawLines(text: string): string[] {
  return text.split("\n").filter((line) => line.trim() !== "");
}

/** The sample customers as written (one JSON text per line) and both reference rulesets' expected decisions. */
export function sampleFixtures() {
  return {
    customers: rawLines(fixture("customers-sample.jsonl")),
    expected: {
      trading: jsonLines(fixture("expected-trading-standard.jsonl")),
      retail: jsonLines(fixture("expected-retail-abc.jsonl")),
    },
  };
}
