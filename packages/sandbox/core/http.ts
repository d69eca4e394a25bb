/**
 * A tiny node:http server for the emulators (tests, benches, local tools). It knows no emulator:
 * each one brings a mount (plaid/http-mount.ts, pluggy/http-mount.ts) that answers every request
 * under its prefix, e.g. `/plaid/<endpoint>` or `/pluggy/<path>`. Bodies are read as text
 * (max 1 MB, else 413) and handed over raw with the parsed query.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SandboxHttpRequest {
  method: string;
  /** Path below the mount's prefix ("/" at least), without the query string. */
  path: string;
  query: Record<string, string>;
  /** The query string as sent, without "?" (for emulators that read it un-decoded). */
  rawQuery: string;
  headers: Record<string, string | undefined>;
  rawBody: string;
}

export interface SandboxHttpResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON-serialised, unless it is a string and a content-type header is set (e.g. HTML). */
  body: unknown;
}

export interface SandboxHttpMount {
  /** e.g. "/plaid": serves "/plaid" and "/plaid/…" ("" serves every path). */
  prefix: string;
  handle(req: SandboxHttpRequest): Promise<SandboxHttpResponse>;
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

export async function startHttpServer(opts: { mounts: SandboxHttpMount[]; port?: number; host?: string }): Promise<SandboxHttpServer> {
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
      const mount = opts.mounts.find((m) => pathname === m.prefix || pathname.startsWith(`${m.prefix}/`));
      if (mount) {
        const r = await mount.handle({ method: req.method ?? "GET", path: pathname.slice(mount.prefix.length) || "/", query: parseQuery(search), rawQuery: search.replace(/^\?/, ""), headers: headersOf(req), rawBody: raw });
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
