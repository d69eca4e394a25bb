/**
 * Web Request → emulator → web Response, for the app's route handlers:
 *   app/sandbox/plaid/[...path]/route.ts   POST  → the Plaid emulator (raw body passed through)
 *   app/sandbox/pluggy/[...path]/route.ts  any   → the Pluggy emulator (raw query + JSON body)
 * The caller passes the instance, or null when the sandbox is off. A provider that is off answers 404. Bad input is the emulator's 4xx,
 * never a 500; an unexpected failure here is logged and answered in the provider's error shape.
 * Before anything is read, request-guard.ts refuses other websites (403) and non-JSON bodies (Plaid:
 * 400 INVALID_HEADERS; Pluggy: 415); the API keys are the emulators' own check (instance.ts).
 */
import { PlaidApiError } from "@bank-connections/sandbox/plaid/errors";
import { normalizePlaidPath } from "@bank-connections/sandbox/plaid";
import type { AppSandbox } from "./instance";
import { rememberLinkInstitution, withLinkInstitution } from "./link-institution";
import { guardRequest } from "./request-guard";

const MAX_BODY_BYTES = 1024 * 1024;

const NO_STORE = { "Cache-Control": "no-store" };

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json; charset=utf-8", ...NO_STORE, ...headers } });
}

function headersOf(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  req.headers.forEach((v, k) => {
    out[k] = v;
  });
  return out;
}

class TooLarge extends Error {}

async function readText(req: Request): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new TooLarge();
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new TooLarge();
  return text;
}

function plaidError(code: "NOT_FOUND" | "INVALID_BODY" | "INTERNAL_SERVER_ERROR", message?: string): Response {
  const e = new PlaidApiError(code, message);
  return json(e.status, e.toObject(`app${Date.now().toString(36)}`));
}

/** The catch-all segments after /sandbox/plaid or /sandbox/pluggy, as a path. */
export function pathFromSegments(segments: string[] | undefined): string {
  return `/${(segments ?? []).map((s) => encodeURIComponent(s)).join("/")}`;
}

export async function handlePlaidHttp(sb: AppSandbox | null, req: Request, segments: string[] | undefined): Promise<Response> {
  const plaid = sb?.plaid;
  if (!plaid) return json(404, { error: "not found" });
  if (req.method !== "POST") return plaidError("NOT_FOUND", `not found: Plaid endpoints accept POST only (got ${req.method})`);
  const refused = guardRequest(req, sb.appOrigin);
  if (refused) {
    const e = new PlaidApiError("INVALID_HEADERS", refused.message);
    return json(refused.status === 415 ? e.status : 403, e.toObject(`app${Date.now().toString(36)}`));
  }
  let raw: string;
  try {
    raw = await readText(req);
  } catch (err) {
    if (err instanceof TooLarge) return plaidError("INVALID_BODY", "request body is larger than 1 MB");
    return plaidError("INVALID_BODY", "could not read the request body");
  }
  try {
    const path = normalizePlaidPath(pathFromSegments(segments));
    const res = await plaid.handle({ path, headers: headersOf(req), rawBody: raw });
    let body = res.body;
    if (res.status === 200 && path === "/link/token/create") await rememberLinkInstitution(sb.store, raw, body);
    if (res.status === 200 && path === "/link/sandbox/session") body = await withLinkInstitution(sb.store, raw, body);
    return json(res.status, body, res.headers);
  } catch (err) {
    console.error("[sandbox] Plaid route failed:", err instanceof Error ? err.message : err);
    return plaidError("INTERNAL_SERVER_ERROR");
  }
}

function pluggyError(status: number, codeDescription: string, message: string): Response {
  return json(status, { code: status, codeDescription, message });
}

export async function handlePluggyHttp(sb: AppSandbox | null, req: Request, segments: string[] | undefined): Promise<Response> {
  const pluggy = sb?.pluggy;
  if (!pluggy) return json(404, { error: "not found" });
  const refused = guardRequest(req, sb.appOrigin);
  if (refused) return pluggyError(refused.status, refused.status === 415 ? "UNSUPPORTED_MEDIA_TYPE" : "FORBIDDEN", refused.message);
  let raw: string;
  try {
    raw = req.method === "GET" || req.method === "HEAD" ? "" : await readText(req);
  } catch (err) {
    if (err instanceof TooLarge) return pluggyError(413, "PAYLOAD_TOO_LARGE", "The request body is larger than 1 MB");
    return pluggyError(400, "INVALID_REQUEST_BODY", "The request body could not be read");
  }
  try {
    // The raw query string (pluggy-sdk does not encode values): the emulator decodes it itself.
    const url = new URL(req.url);
    const res = await pluggy.handle({
      method: req.method,
      path: `${pathFromSegments(segments)}${url.search}`,
      query: {},
      headers: headersOf(req),
      body: raw.trim() === "" ? undefined : raw,
    });
    return json(res.status, res.body, res.headers);
  } catch (err) {
    console.error("[sandbox] Pluggy route failed:", err instanceof Error ? err.message : err);
    return pluggyError(500, "INTERNAL_SERVER_ERROR", "We had a problem with our server. Try again later.");
  }
}
