/** Where the project's own files are, whether running from the sources (tsx, vitest) or from dist/. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const name = (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name;
      if (name === "credit-rules") return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the credit-rules project root above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export const projectRoot = findProjectRoot();
export const migrationsFolder = join(projectRoot, "server", "db", "migrations");
export const rulesetsFolder = join(projectRoot, "rulesets");
export const adminUiFolder = join(projectRoot, "dist", "admin-ui");
