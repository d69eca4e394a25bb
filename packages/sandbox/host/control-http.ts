/**
 * The JSON control route's body: `null` request = GET (the overview), otherwise a POST whose JSON
 * body is a ControlCommand. Answers `{ok: true, message, data?}` or `{ok: false, error, issues?}`.
 * Only `application/json` is accepted, so a cross-site form cannot drive it.
 */
import { ControlError, controlSchema, runControl, sandboxOverview } from "./controls";
import type { AppSandbox } from "./instance";

const NO_STORE = { "Cache-Control": "no-store" };

function answer(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: NO_STORE });
}

export async function handleControlHttp(sb: AppSandbox, req: Request | null): Promise<Response> {
  try {
    if (!req) return answer(200, { ok: true, message: "Sandbox state.", data: await sandboxOverview(sb) });
    const type = req.headers.get("content-type") ?? "";
    if (!/^application\/json\b/i.test(type)) return answer(415, { ok: false, error: "Send a JSON body (Content-Type: application/json)." });
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
    const out = await runControl(parsed.data, sb);
    return answer(200, { ok: true, ...out });
  } catch (err) {
    if (err instanceof ControlError) return answer(err.status, { ok: false, error: err.message });
    console.error("[sandbox] control failed:", err instanceof Error ? err.message : err);
    return answer(500, { ok: false, error: "The sandbox control failed; see the server log." });
  }
}
