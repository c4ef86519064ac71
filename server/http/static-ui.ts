/** Serves the built admin UI (dist/admin-ui) with a fallback to index.html for client-side routes. */
import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, sep } from "node:path";
import type { Context } from "hono";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".map": "application/json",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
};

export function serveAdminUi(folder: string) {
  return (c: Context): Response => {
    const index = join(folder, "index.html");
    if (!existsSync(index)) {
      return c.text("The admin UI is not built; the API is under /api (see /api/openapi.json).", 404);
    }
    const requested = normalize(join(folder, decodeURIComponent(c.req.path)));
    const inside = requested === folder || requested.startsWith(folder + sep);
    if (inside && existsSync(requested) && statSync(requested).isFile()) {
      const hashed = /[.-][A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(requested);
      return c.body(readFileSync(requested), 200, {
        "Content-Type": TYPES[extname(requested)] ?? "application/octet-stream",
        // Vite names built assets by content hash, so they can be cached for good.
        "Cache-Control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
      });
    }
    return c.body(readFileSync(index), 200, { "Content-Type": TYPES[".html"], "Cache-Control": "no-cache" });
  };
}
