import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
// A run on its own port (E2E_PORT) keeps its own artefacts, so parallel runs do not wipe each other's.
const out = process.env.E2E_PORT ? `test-results/e2e-${port}` : "test-results";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "e2e",
  // Playwright empties its outputDir at start: keep it apart from the other reports in test-results/.
  outputDir: `${out}/playwright`,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // One worker: the specs share one server and one sandbox clock, and a spec that moves the clock
  // would expire another spec's link tokens mid-flow.
  workers: 1,
  retries: 0,
  reporter: [["list"], ["json", { outputFile: `${out}/e2e.json` }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  webServer: {
    // A fresh embedded database for every run; the build is reused when the sources are unchanged.
    command: `rm -rf .test-data/e2e-${port} .test-data/e2e-${port}.log && node scripts/start.mjs`,
    url: `http://127.0.0.1:${port}/signin`,
    env: { PORT: String(port), HOST: "127.0.0.1", DATA_DIR: `.test-data/e2e-${port}`, LOG_FILE: `.test-data/e2e-${port}.log`, NEXT_TELEMETRY_DISABLED: "1",
      // Every spec signs the same demo users in from 127.0.0.1: the production limits would trip the
      // suite itself. e2e/security.spec.ts checks the limits on a server of its own with small ones.
      RATE_LIMIT_SIGNIN_PER_MINUTE: "1000",
      RATE_LIMIT_SIGNIN_IP_PER_MINUTE: "1000",
      RATE_LIMIT_LINK_SESSIONS_PER_10_MINUTES: "1000",
      RATE_LIMIT_WEBHOOKS_PER_MINUTE: "10000",
    },
    reuseExistingServer: false,
    // The first start builds the portal: minutes on a busy 2-core machine.
    timeout: 600_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
