/**
 * The offline Plaid sandbox on a local HTTP server, in its own process, so the engine's process
 * (its CPU, event loop and RSS) holds only the app's side, as against a real provider. Prints one
 * line, `SANDBOX_URL=http://127.0.0.1:PORT`, then serves until its stdin closes or it is killed.
 * The server is the shared sandbox harness (packages/sandbox/testing/harness.ts).
 */
import { startSandboxHarness } from "@bank-connections/sandbox/testing/harness";

const harness = await startSandboxHarness();
process.stdout.write(`SANDBOX_URL=${harness.url}\n`);
const stop = () => void harness.close().finally(() => process.exit(0));
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
