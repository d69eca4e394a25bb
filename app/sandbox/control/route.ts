import { handleControlHttp, isSandboxEnabled } from "@/lib/sandbox/mount";

/**
 * JSON controls of the sandbox banks, for tests and scripts (sandbox mode only):
 *   GET  /sandbox/control                         → the overview (clock, items, faults)
 *   POST /sandbox/control {action: "plaid.loginRequired", itemId} … (see packages/sandbox/host/controls.ts)
 */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  if (!isSandboxEnabled()) return Response.json({ error: "not found" }, { status: 404 });
  return handleControlHttp(null);
}

export async function POST(req: Request): Promise<Response> {
  if (!isSandboxEnabled()) return Response.json({ error: "not found" }, { status: 404 });
  return handleControlHttp(req);
}
