/**
 * The offline Plaid sandbox on a local HTTP server, in its own process, so the engine's process
 * (its CPU, event loop and RSS) holds only the app's side, as against a real provider. Prints one
 * line, `SANDBOX_URL=http://127.0.0.1:PORT`, then serves until its stdin closes or it is killed.
 */
import { createSandboxClock } from "@/lib/sandbox/clock";
import { startSandboxHttpServer } from "@/lib/sandbox/http";
import { createPlaidSandbox } from "@/lib/sandbox/plaid";
import { createMemoryStore } from "@/lib/sandbox/store";

const plaid = createPlaidSandbox({ store: createMemoryStore(), clock: createSandboxClock(), webhookSender: async () => ({ status: 200 }) });
const server = await startSandboxHttpServer({ plaid, port: 0, host: "127.0.0.1" });
process.stdout.write(`SANDBOX_URL=${server.url}\n`);
const stop = () => void server.close().finally(() => process.exit(0));
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
