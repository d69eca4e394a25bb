/**
 * readBoundedBody (lib/http/bounded-body.ts): streams a body with a byte cap, stops at the cap and
 * cancels the stream — with Content-Length absent, honest or lying; an honest one over the cap is
 * refused before a byte is read. The route tests (tests/security/body-caps.test.ts) send 256 MB.
 */
import { describe, expect, it } from "vitest";
import { bodyRefusal, bodyText, readBoundedBody, withBody, withBoundedBody } from "@/lib/http/bounded-body";

const URL_ = "http://127.0.0.1:39997/somewhere";

/** `chunks` chunks of `size` bytes, made on demand; counts what was pulled and whether it was cancelled. */
function source(chunks: number, size: number, opts: { failAt?: number } = {}) {
  const stats = { pulled: 0, chunks: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(c) {
        if (opts.failAt !== undefined && stats.chunks === opts.failAt) return c.error(new Error("connection reset"));
        if (stats.chunks === chunks) return c.close();
        stats.chunks++;
        stats.pulled += size;
        c.enqueue(new Uint8Array(size).fill(0x61 + (stats.chunks % 26)));
      },
      cancel() {
        stats.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, stats };
}

const post = (body: BodyInit | null, headers: Record<string, string> = {}) => new Request(URL_, { method: "POST", headers, body, duplex: "half" } as RequestInit);

describe("readBoundedBody", () => {
  it("reads a chunked body up to the cap exactly, in order", async () => {
    const { stream, stats } = source(4, 256);
    const r = await readBoundedBody(post(stream), 1024);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.bytes.byteLength).toBe(1024);
    expect([r.bytes[0], r.bytes[256], r.bytes[1023]]).toEqual([0x62, 0x63, 0x65]);
    expect(stats.cancelled).toBe(false);
  });

  it("stops at the first chunk over the cap and cancels the stream (no Content-Length)", async () => {
    const { stream, stats } = source(1_000_000, 1024);
    expect(await readBoundedBody(post(stream), 4096)).toEqual({ ok: false, reason: "too_large", maxBytes: 4096 });
    expect(stats.chunks).toBe(5);
    expect(stats.cancelled).toBe(true);
  });

  it("a Content-Length that lies (says small, sends more) is counted, not believed", async () => {
    const { stream, stats } = source(1_000_000, 1024);
    expect(await readBoundedBody(post(stream, { "content-length": "10" }), 4096)).toMatchObject({ ok: false, reason: "too_large" });
    expect(stats.chunks).toBe(5);
    expect(stats.cancelled).toBe(true);
  });

  it("an honest Content-Length over the cap is refused before anything is read", async () => {
    const { stream, stats } = source(1_000_000, 1024);
    expect(await readBoundedBody(post(stream, { "content-length": String(1024 * 1024 * 1024) }), 4096)).toMatchObject({ ok: false, reason: "too_large" });
    expect(stats.chunks).toBe(0);
    expect(stats.cancelled).toBe(true);
  });

  it("no body, a body already read, and a stream that fails", async () => {
    const none = await readBoundedBody(new Request(URL_, { method: "POST" }), 10);
    expect(none.ok && none.bytes.byteLength).toBe(0);
    const used = post("{}");
    await used.text();
    expect(await readBoundedBody(used, 10)).toMatchObject({ ok: false, reason: "unreadable" });
    const failing = source(10, 10, { failAt: 2 });
    expect(await readBoundedBody(post(failing.stream), 1000)).toMatchObject({ ok: false, reason: "unreadable" });
  });

  it("answers 413 / 400; withBody hands the bytes on with the original method, URL and headers", async () => {
    const too = bodyRefusal({ ok: false, reason: "too_large", maxBytes: 64 });
    expect([too.status, await too.json()]).toEqual([413, { error: "body too large", maxBytes: 64 }]);
    expect(bodyRefusal({ ok: false, reason: "unreadable", maxBytes: 64 }).status).toBe(400);
    const original = post(source(2, 3).stream, { "content-type": "application/json", "content-length": "6", "x-thing": "1" });
    const read = await readBoundedBody(original, 100);
    if (!read.ok) throw new Error("read failed");
    const again = withBody(original, read.bytes);
    expect([again.method, again.url, again.headers.get("x-thing"), again.headers.get("content-length")]).toEqual(["POST", URL_, "1", null]);
    expect(bodyText(new Uint8Array(await again.arrayBuffer()))).toBe("bbbccc");
  });

  it("withBoundedBody: a handler that reads the body whole (Auth.js, the sandbox package) gets at most the cap", async () => {
    const echo = async (r: Request) => new Response(`${r.method} ${(await r.text()).length}`);
    const big = source(1_000_000, 1024);
    const refused = await withBoundedBody(post(big.stream), 4096, bodyRefusal, echo);
    expect(refused.status).toBe(413);
    expect(big.stats.chunks).toBe(5);
    expect(await (await withBoundedBody(post(source(3, 1024).stream), 4096, bodyRefusal, echo)).text()).toBe("POST 3072");
    expect(await (await withBoundedBody(new Request(URL_), 1, bodyRefusal, echo)).text()).toBe("GET 0");
  });
});
