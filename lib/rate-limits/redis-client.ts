import { createClient } from "redis";
import type { RedisEval } from "./redis";

/**
 * The process's Redis connection for the shared rate limits (REDIS_URL), opened on first use and
 * kept on globalThis so every bundle Next.js builds shares it. Commands fail at once while the
 * connection is down (no offline queue) and it reconnects in the background; the limits fall back
 * to this process's memory meanwhile (lib/rate-limits/fallback.ts).
 */
type Client = RedisEval & { close(): Promise<void> };

const g = globalThis as unknown as { __bankConnectionsRedis?: { url: string; client: Promise<Client> } };

let lastErrorLog = 0;

export async function openRedis(url: string): Promise<Client> {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 2_000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5_000) },
  });
  client.on("error", (err: unknown) => {
    if (Date.now() - lastErrorLog < 60_000) return;
    lastErrorLog = Date.now();
    console.error(`[rate-limits] Redis: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
  });
  return client.connect();
}

export function sharedRedis(url: string): () => Promise<RedisEval> {
  return () => {
    if (g.__bankConnectionsRedis?.url !== url) {
      const client = openRedis(url).catch((err: unknown) => {
        g.__bankConnectionsRedis = undefined;
        throw err;
      });
      g.__bankConnectionsRedis = { url, client };
    }
    return g.__bankConnectionsRedis.client;
  };
}

/** Closes the shared connection (tests, shutdown). */
export async function closeSharedRedis(): Promise<void> {
  const open = g.__bankConnectionsRedis;
  g.__bankConnectionsRedis = undefined;
  if (open) await (await open.client.catch(() => null))?.close();
}
