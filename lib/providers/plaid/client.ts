import { Configuration, PlaidApi, PlaidEnvironments } from "plaid";

/** The official Plaid client, pointed at Plaid or at the local sandbox (same code path). */
export function createPlaidClient(opts: { basePath: string; clientId: string; secret: string; timeoutMs?: number }): PlaidApi {
  return new PlaidApi(
    new Configuration({
      basePath: opts.basePath,
      baseOptions: {
        timeout: opts.timeoutMs ?? 30_000,
        headers: { "PLAID-CLIENT-ID": opts.clientId, "PLAID-SECRET": opts.secret, "Plaid-Version": "2020-09-14" },
      },
    }),
  );
}

export function plaidBasePath(env: "sandbox" | "production"): string {
  return env === "production" ? PlaidEnvironments.production! : PlaidEnvironments.sandbox!;
}
