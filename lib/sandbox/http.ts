/**
 * A tiny node:http server around the emulators (tests, benches, local tools):
 *   POST /plaid/<endpoint>   → the Plaid sandbox
 *   *    /pluggy/<path>      → the Pluggy sandbox, when given
 * Bodies are read as text (max 1 MB) and handed over raw; malformed JSON becomes Plaid's
 * INVALID_BODY (Plaid) or a 400 (Pluggy).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { PlaidSandbox, PlaidSandboxResponse } from "./plaid";
import { PlaidApiError } from "./plaid/errors";

export interface PluggyHandlerRequest {
  method: string;
  /** Path below `/pluggy`, without the query string. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  /** Parsed JSON body, or undefined when there is none / it is not JSON. */
  body: unknown;
  rawBody: string;
}

export interface PluggyHandlerResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON-serialised, unless it is a string and a content-type header is set (e.g. HTML). */
  body: unknown;
}

export interface PluggyHandler {
  handle(req: PluggyHandlerRequest): Promise<PluggyHandlerResponse>;
}

export interface SandboxHttpServer {
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function headersOf(req: http.IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers)) out[k] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const hasType = Object.keys(headers).some((k) => k.toLowerCase() === "content-type");
  const text = typeof body === "string" && hasType ? body : JSON.stringify(body);
  res.writeHead(status, { ...(hasType ? {} : { "Content-Type": "application/json; charset=utf-8" }), ...headers });
  res.end(text);
}

function plaidError(code: "NOT_FOUND" | "INVALID_BODY", message: string): PlaidSandboxResponse {
  const e = new PlaidApiError(code, message);
  return { status: e.status, body: e.toObject("sandboxhttp0000") };
}

function parseQuery(search: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of search.replace(/^\?/, "").split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const dec = (s: string) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    out[dec(eq === -1 ? part : part.slice(0, eq))] = eq === -1 ? "" : dec(part.slice(eq + 1));
  }
  return out;
}

export async function startSandboxHttpServer(opts: {
  plaid: PlaidSandbox;
  pluggy?: PluggyHandler;
  port?: number;
  host?: string;
}): Promise<SandboxHttpServer> {
  const server = http.createServer((req, res) => {
    void (async () => {
      const rawUrl = req.url ?? "/";
      const q = rawUrl.indexOf("?");
      const pathname = q === -1 ? rawUrl : rawUrl.slice(0, q);
      const search = q === -1 ? "" : rawUrl.slice(q);
      let raw: string;
      try {
        raw = await readBody(req);
      } catch (e) {
        if (e instanceof BodyTooLarge) send(res, 413, { error: "request body too large" });
        return;
      }
      if (pathname === "/plaid" || pathname.startsWith("/plaid/")) {
        if (req.method !== "POST") {
          const r = plaidError("NOT_FOUND", `not found: Plaid endpoints accept POST only (got ${req.method ?? "?"})`);
          send(res, r.status, r.body);
          return;
        }
        const r = await opts.plaid.handle({ path: pathname.slice("/plaid".length), headers: headersOf(req), rawBody: raw });
        send(res, r.status, r.body, r.headers);
        return;
      }
      if (opts.pluggy && (pathname === "/pluggy" || pathname.startsWith("/pluggy/"))) {
        let body: unknown;
        if (raw.trim() !== "") {
          try {
            body = JSON.parse(raw);
          } catch {
            send(res, 400, { code: 400, codeDescription: "INVALID_BODY", message: "request body is not valid JSON" });
            return;
          }
        }
        const r = await opts.pluggy.handle({
          method: req.method ?? "GET",
          path: pathname.slice("/pluggy".length) || "/",
          query: parseQuery(search),
          headers: headersOf(req),
          body,
          rawBody: raw,
        });
        send(res, r.status, r.body, r.headers);
        return;
      }
      send(res, 404, { error: `not found: ${pathname}` });
    })().catch((e: unknown) => {
      console.error("[sandbox http] unexpected error", e);
      if (!res.headersSent) send(res, 500, { error: "internal error" });
      else res.end();
    });
  });
  // Outlive clients' idle keep-alive sockets (Node's 5 s default races with axios reusing them).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = opts.host ?? "127.0.0.1";
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${addr.port}`,
    port: addr.port,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
