import { LocalBookGateway } from "@/lib/books/local/gateway";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { EngineDeps } from "@/lib/sync/engine";
import type { SandboxHarness } from "@bank-connections/sandbox/testing/harness";

/** The sync engine's dependencies on the sandbox harness: its Plaid and Pluggy, local Books. */
export function sandboxEngineDeps(prisma: PrismaClient, sp: SandboxHarness, workerId = "test"): EngineDeps {
  return { providerFor: (n) => (n === "PLAID" ? sp.plaid : sp.pluggy), gatewayFor: (u) => new LocalBookGateway(prisma, u), workerId };
}
