import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/** Import paths into the sandbox package: its alias, or any relative path into packages/sandbox. */
export const SANDBOX_IMPORTS = {
  group: ["@bank-connections/sandbox", "@bank-connections/sandbox/*", "**/packages/sandbox", "**/packages/sandbox/**", "packages/sandbox", "packages/sandbox/**"],
  message: "The product imports the sandbox only through its adapter (lib/sandbox/, see lib/sandbox/mount.ts).",
};

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", ".next-*/**", "node_modules/**", "lib/generated/**", ".data/**", ".test-data/**", "test-results/**", "playwright-report/**", "bench/results/**", ".compiled/**", "next-env.d.ts"]),
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The product reaches the sandbox package (packages/sandbox) only through its adapter,
    // lib/sandbox/ (and the sandbox's own routes, app/sandbox/); tests, bench, scripts and e2e may use it.
    files: ["app/**", "lib/**", "components/**", "proxy.ts", "instrumentation.ts"],
    ignores: ["lib/sandbox/**", "app/sandbox/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [SANDBOX_IMPORTS] }],
    },
  },
]);
