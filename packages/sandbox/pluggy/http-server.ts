import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseRawQuery } from "./query";
import type { PluggyResponse } from "./sandbox";
import type { PluggyHandler } from "./http-mount";

/**
 * A tiny node:http front for a Pluggy-shaped handler (tests, scripts). The raw query string is
 * parsed without form-decoding so un-encoded `+` survives; the body is handed over as parsed JSON
 * (or the raw string when it is not JSON, so the handler answers 400 itself).
 */
export type { PluggyHandler } from "./http-mount";

export type RunningServer = { url: string; port: number; close(): Promise<void> };

const MAX_BODY = 1_000_000;

export async function startPluggyHttpServer(handler: PluggyHandler, opts: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const host = opts.host ?? "127.0.0.1";
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooBig = true;
      else chunks.push(c);
    });
    req.on("end", () => {
      void (async () => {
        let out: PluggyResponse;
        if (tooBig) {
          out = { status: 413, body: { code: 413, message: "Request body too large" } };
        } else {
          const raw = Buffer.concat(chunks).toString("utf8");
          let body: unknown = undefined;
          if (raw.trim() !== "") {
            try {
              body = JSON.parse(raw);
            } catch {
              body = raw;
            }
          }
          const url = req.url ?? "/";
          const q = url.indexOf("?");
          const headers: Record<string, string | undefined> = {};
          for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(", ") : v;
          try {
            out = await handler.handle({
              method: req.method ?? "GET",
              path: q === -1 ? url : url.slice(0, q),
              query: q === -1 ? {} : parseRawQuery(url.slice(q + 1)),
              headers,
              body,
            });
          } catch (err) {
            console.error("[pluggy-sandbox http] handler threw:", err);
            out = { status: 500, body: { code: 500, message: "Internal error" } };
          }
        }
        const payload = out.body === undefined ? "" : JSON.stringify(out.body);
        res.writeHead(out.status, { "Content-Type": "application/json; charset=utf-8", ...(out.headers ?? {}), "Content-Length": Buffer.byteLength(payload) });
        res.end(payload);
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
