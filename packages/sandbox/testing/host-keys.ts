/**
 * Fresh API keys for a hosted sandbox in tests (createHostSandbox requires them; the app's are
 * generated per installation into DATA_DIR/secrets.json by lib/secrets.ts).
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { HostSandboxKeys } from "@bank-connections/sandbox/host/instance";

export function newHostKeys(): HostSandboxKeys {
  return {
    plaid: { clientId: randomBytes(12).toString("hex"), secret: randomBytes(15).toString("hex") },
    pluggy: { clientId: randomUUID(), clientSecret: randomUUID() },
    pluggySigningSecret: randomBytes(32).toString("base64url"),
  };
}
