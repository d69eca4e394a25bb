import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@bank-connections/sandbox": path.resolve(import.meta.dirname, "packages/sandbox"),
      "@bank-connections/i18n": path.resolve(import.meta.dirname, "packages/i18n/index.ts"),
      "@bank-connections/ui": path.resolve(import.meta.dirname, "packages/ui"),
      "@": path.resolve(import.meta.dirname),
    },
  },
  test: {
    include: ["tests/**/*.test.ts", "packages/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    // Opening and seeding a database on a shared, loaded 2-core machine can take minutes; a hook is set-up, not a speed test.
    hookTimeout: 180_000,
    globalSetup: ["tests/helpers/global-setup.ts"],
    // Database tests open PGlite instances (~40 MB each): keep parallelism modest on 2 cores.
    maxWorkers: 2,
  },
});
