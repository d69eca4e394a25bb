/**
 * A Pluggy-only server (tests, scripts): the Pluggy emulator at the root of core/http.ts's server,
 * no prefix. The raw query string is parsed without form-decoding so un-encoded `+` survives; the
 * body is handed over as parsed JSON (or the raw string when it is not JSON, so the emulator
 * answers 400 itself).
 */
import { startHttpServer } from "@bank-connections/sandbox/core/http";
import { parseRawQuery } from "./query";
import type { PluggyHandler } from "./http-mount";

export type { PluggyHandler } from "./http-mount";

export type RunningServer = { url: string; port: number; close(): Promise<void> };

function parseBody(raw: string): unknown {
  if (raw.trim() === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export async function startPluggyHttpServer(handler: PluggyHandler, opts: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const server = await startHttpServer({
    mounts: [
      {
        prefix: "",
        handle: (req) => handler.handle({ method: req.method, path: req.path, query: parseRawQuery(req.rawQuery), headers: req.headers, body: parseBody(req.rawBody) }),
      },
    ],
    ...(opts.port !== undefined ? { port: opts.port } : {}),
    host: opts.host ?? "127.0.0.1",
  });
  return { url: server.url, port: server.port, close: () => server.close() };
}
