/**
 * The JSON control route's body: a GET answers the overview, a POST's JSON body is a ControlCommand.
 * Answers `{ok: true, message, data?}` or `{ok: false, error, issues?}`. The caller (the app's
 * route) has found the signed-in viewer: 401 before this runs without one. Another website is
 * refused (403) and only `application/json` is accepted (415), so a cross-site page or form
 * cannot drive it (request-guard.ts); items are the viewer's own (controls.ts).
 */
import { ControlError, controlSchema, runControl, sandboxOverview, type SandboxViewer } from "./controls";
import type { AppSandbox } from "./instance";
import { guardRequest } from "./request-guard";

const NO_STORE = { "Cache-Control": "no-store" };

function answer(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

export async function handleControlHttp(sb: AppSandbox, req: Request, viewer: SandboxViewer): Promise<Response> {
  try {
    const refused = guardRequest(req, sb.appOrigin);
    if (refused) return answer(refused.status, { ok: false, error: refused.message });
    if (req.method === "GET" || req.method === "HEAD") return answer(200, { ok: true, message: "Sandbox state.", data: await sandboxOverview(sb, viewer) });
    let raw: unknown;
    try {
      const text = await req.text();
      if (text.length > 64 * 1024) return answer(413, { ok: false, error: "The body is too large." });
      raw = JSON.parse(text);
    } catch {
      return answer(400, { ok: false, error: "The body is not valid JSON." });
    }
    const parsed = controlSchema.safeParse(raw);
    if (!parsed.success) {
      return answer(400, {
        ok: false,
        error: "Not a sandbox control command.",
        issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      });
    }
    const out = await runControl(parsed.data, sb, viewer);
    return answer(200, { ok: true, ...out });
  } catch (err) {
    if (err instanceof ControlError) return answer(err.status, { ok: false, error: err.message });
    console.error("[sandbox] control failed:", err instanceof Error ? err.message : err);
    return answer(500, { ok: false, error: "The sandbox control failed; see the server log." });
  }
}
