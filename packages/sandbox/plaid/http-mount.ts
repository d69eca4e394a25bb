/**
 * The Plaid emulator on core/http.ts's server: `POST /plaid/<endpoint>` with the raw body (the
 * emulator parses it; malformed JSON is Plaid's INVALID_BODY). Other methods answer NOT_FOUND.
 */
import type { SandboxHttpMount } from "@bank-connections/sandbox/core/http";
import { PlaidApiError } from "./errors";
import type { PlaidSandbox } from "./sandbox";

export function plaidHttpMount(plaid: Pick<PlaidSandbox, "handle">, prefix = "/plaid"): SandboxHttpMount {
  return {
    prefix,
    async handle(req) {
      if (req.method !== "POST") {
        const e = new PlaidApiError("NOT_FOUND", `not found: Plaid endpoints accept POST only (got ${req.method})`);
        return { status: e.status, body: e.toObject("sandboxhttp0000") };
      }
      return plaid.handle({ path: req.path, headers: req.headers, rawBody: req.rawBody });
    },
  };
}
