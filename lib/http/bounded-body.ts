/**
 * Reading a request body with a byte cap, for every route that reads one (the webhooks, the
 * sandbox banks' API, control and consent routes, Auth.js). The body is streamed and counted; at
 * the first byte over the cap reading stops and the stream is cancelled, so at most `maxBytes`
 * (plus one chunk) is ever held in memory — whether Content-Length is absent, honest or lying, and
 * whatever the transfer encoding. A Content-Length over the cap is refused before anything is read.
 */

export const KIB = 1024;
export const MIB = 1024 * KIB;

/**
 * What Next.js buffers of a request that passes proxy.ts (pages, /sandbox/*) before the route reads
 * it (`experimental.proxyClientMaxBodySize`, next.config.ts; Next's default is 10 MB, held twice).
 * Next cuts a longer body at about this size, so it must stay well above every cap here (1 MiB at
 * most) plus a socket chunk: a cut body is then always over its route's cap and refused, never
 * taken for a whole one. Server actions keep their own 1 MB limit below it.
 */
export const PROXY_BODY_BUFFER_BYTES = 2 * MIB;

export type BoundedBody =
  | { ok: true; bytes: Uint8Array }
  /** too_large → 413; unreadable (the stream failed or was already read) → 400. */
  | { ok: false; reason: "too_large" | "unreadable"; maxBytes: number };

/** The declared Content-Length, or null when absent or not a plain decimal number. */
function declaredLength(headers: Headers): number | null {
  const v = headers.get("content-length");
  if (v === null || !/^\s*\d{1,16}\s*$/.test(v)) return null;
  return Number(v);
}

async function cancel(stream: ReadableStream<Uint8Array> | null): Promise<void> {
  await stream?.cancel().catch(() => {});
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** Reads `request`'s body, at most `maxBytes` of it. Never throws. */
export async function readBoundedBody(request: Request, maxBytes: number): Promise<BoundedBody> {
  const refused = (reason: "too_large" | "unreadable"): BoundedBody => ({ ok: false, reason, maxBytes });
  if (request.bodyUsed) return refused("unreadable");
  const declared = declaredLength(request.headers);
  if (declared !== null && declared > maxBytes) {
    await cancel(request.body);
    return refused("too_large");
  }
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = request.body.getReader();
  } catch {
    return refused("unreadable");
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        chunks.length = 0;
        await reader.cancel().catch(() => {});
        return refused("too_large");
      }
      chunks.push(value);
    }
  } catch {
    await reader.cancel().catch(() => {});
    return refused("unreadable");
  } finally {
    reader.releaseLock();
  }
  return { ok: true, bytes: concat(chunks, total) };
}

/** The body as UTF-8 text (a malformed sequence becomes U+FFFD, as Request.text() does). */
export function bodyText(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

export type BodyRefusal = Extract<BoundedBody, { ok: false }>;

/** What a refused body is answered: 413 (too large) or 400 (unreadable), with a plain JSON body. */
export function bodyRefusalAnswer(refusal: BodyRefusal): { status: 413 | 400; body: { error: string; maxBytes?: number } } {
  return refusal.reason === "too_large"
    ? { status: 413, body: { error: "body too large", maxBytes: refusal.maxBytes } }
    : { status: 400, body: { error: "the body could not be read" } };
}

/** The same as a Response. */
export function bodyRefusal(refusal: BodyRefusal): Response {
  const a = bodyRefusalAnswer(refusal);
  return Response.json(a.body, { status: a.status, headers: { "Cache-Control": "no-store" } });
}

/**
 * The same request with its body already read (at most the cap), for handlers that read the body
 * themselves (the sandbox package's, Auth.js's): they can no longer be made to buffer more.
 * Content-Length and Transfer-Encoding are dropped: the new body sets its own.
 */
export function withBody(request: Request, bytes: Uint8Array): Request {
  const headers = new Headers(request.headers);
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  const init: RequestInit = { method: request.method, headers, signal: request.signal };
  if (request.method !== "GET" && request.method !== "HEAD") init.body = bytes as Uint8Array<ArrayBuffer>;
  return new Request(request.url, init);
}

/**
 * For handlers that read the body themselves: reads it (not for GET/HEAD) with the cap, answers
 * `refuse` (default: 413/400 in plain JSON) over it, else hands `handle` the request with the bytes.
 */
export async function withBoundedBody(
  req: Request,
  maxBytes: number,
  refuse: (refusal: BodyRefusal, req: Request) => Response,
  handle: (req: Request) => Promise<Response>,
): Promise<Response> {
  if (req.method === "GET" || req.method === "HEAD") return handle(req);
  const read = await readBoundedBody(req, maxBytes);
  if (!read.ok) return refuse(read, req);
  return handle(withBody(req, read.bytes));
}
