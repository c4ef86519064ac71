/**
 * Builds the admin UI into dist/admin-ui, which the server serves at `/`. Everything the page
 * needs — Monaco, its workers, the policy compiler worker, fonts — ends up in that folder, so
 * the editor works with no network beyond the server itself.
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: here,
  base: "/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../dist/admin-ui", import.meta.url)),
    emptyOutDir: true,
    // Monaco alone is several MB; the warning would fire on every build without telling anything new.
    chunkSizeWarningLimit: 8000,
    sourcemap: false,
  },
  worker: { format: "es" },
  server: {
    // `npx vite --config admin-ui/vite.config.ts` next to a running `npm start`.
    proxy: { "/api": "http://127.0.0.1:3000" },
    fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] },
  },
});
