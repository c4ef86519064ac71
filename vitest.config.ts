import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["dsl/**/*.test.ts", "engine/**/*.test.ts", "parallel/**/*.test.ts", "cli/**/*.test.ts", "interop/**/*.test.ts", "data-import/**/*.test.ts", "server/**/*.test.ts", "portfolio/**/*.test.ts", "test/**/*.test.ts", "admin-ui/src/**/*.test.{ts,tsx}"],
    exclude: ["**/node_modules/**", "dist/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
