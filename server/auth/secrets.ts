/** Random bearer secrets (session ids, API tokens, CSRF tokens) and their stored digests. */
import { createHash, randomBytes } from "node:crypto";

export function newSecret(prefix = ""): string {
  return prefix + randomBytes(32).toString("base64url");
}

/** Only this digest is stored: a copy of the database does not let anyone sign in. */
export function digest(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
