import net from "node:net";
import { inject } from "vitest";

/** The Redis server the shared-rate-limit tests use (TEST_REDIS_URL, default the local one). */
export const DEFAULT_TEST_REDIS_URL = "redis://127.0.0.1:6379";

/** True when something at `url` answers PING with PONG. */
export async function redisAnswers(url: string, timeoutMs = 2000): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (d) => done(d.toString().startsWith("+PONG") || d.toString().startsWith("-NOAUTH")));
  });
}

/** The Redis URL for this run, or null when none answered (those tests are skipped, loudly, in global-setup). */
export function testRedisUrl(): string | null {
  return inject("redisUrl");
}
