/**
 * The sandbox routes' byte caps and refusals. mount.ts reads each body with its cap before the
 * package's handlers see the request (withBoundedBody, lib/http/bounded-body.ts): at most the cap is
 * ever held, whatever is sent, and a body over it is answered 413 in the shape of the API that was
 * called. The handler then gets the same request with the bytes read, so it cannot buffer more.
 */
import { bodyRefusal, KIB, MIB, type BodyRefusal } from "@/lib/http/bounded-body";
import { PlaidApiError } from "@bank-connections/sandbox/plaid/errors";
import { renderConsentProblem } from "@bank-connections/sandbox/ui/plaid-oauth-page";

/** The emulated Plaid and Pluggy APIs (the SDKs' requests are a few KiB). */
export const SANDBOX_API_MAX_BYTES = 1 * MIB;
/** The JSON controls and the OAuth consent form. */
export const SANDBOX_FORM_MAX_BYTES = 64 * KIB;

type Refuse = (refusal: BodyRefusal, req: Request) => Response;

const NO_STORE = { "Cache-Control": "no-store" };

export const plaidRefusal: Refuse = (r) => {
  if (r.reason !== "too_large") return bodyRefusal(r);
  const e = new PlaidApiError("INVALID_BODY", `request body is larger than ${r.maxBytes / MIB} MB`);
  return Response.json({ ...e.toObject(`app${Date.now().toString(36)}`), status: 413 }, { status: 413, headers: NO_STORE });
};

export const pluggyRefusal: Refuse = (r) =>
  r.reason === "too_large"
    ? Response.json({ code: 413, codeDescription: "PAYLOAD_TOO_LARGE", message: `The request body is larger than ${r.maxBytes / MIB} MB` }, { status: 413, headers: NO_STORE })
    : Response.json({ code: 400, codeDescription: "INVALID_REQUEST_BODY", message: "The request body could not be read" }, { status: 400, headers: NO_STORE });

export const controlRefusal: Refuse = (r) =>
  Response.json({ ok: false, error: r.reason === "too_large" ? "The body is too large." : "The body could not be read." }, { status: r.reason === "too_large" ? 413 : 400, headers: NO_STORE });

/** The consent page's own problem page (a browser form), in the visitor's language. */
export const oauthRefusal: Refuse = (r, req) =>
  new Response(renderConsentProblem("not_found", req.headers.get("accept-language")?.split(",")[0]?.trim() || undefined), {
    status: r.reason === "too_large" ? 413 : 400,
    headers: { "Content-Type": "text/html; charset=utf-8", ...NO_STORE, "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff" },
  });
