import { appContext } from "@/lib/app-context";
import { handleControlHttp, isSandboxEnabled } from "@/lib/sandbox/mount";

/**
 * JSON controls of the sandbox banks, for tests and scripts (sandbox mode only), for a signed-in
 * user (401 otherwise) on their own items (every item for a SANDBOX_ADMIN_EMAILS address):
 *   GET  /sandbox/control                         → the overview (clock, the viewer's items, faults)
 *   POST /sandbox/control {action: "plaid.loginRequired", itemId} … (see packages/sandbox/host/controls.ts)
 * Another website's calls are refused (403), and POST bodies must be JSON (415).
 */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

async function handle(req: Request): Promise<Response> {
  if (!isSandboxEnabled()) return Response.json({ error: "not found" }, { status: 404 });
  return handleControlHttp(req, await appContext().sessionUser());
}

export const GET = handle;
export const POST = handle;
