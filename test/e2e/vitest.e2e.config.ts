import { defineConfig } from "vitest/config";

// The browser suite: the real server on the embedded database, driven through Debian's
// Chromium. Run by .ci/browser-tests (npm run test:e2e), not by `npm test`.
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
