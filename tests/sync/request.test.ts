/**
 * requestSync (lib/sync/request.ts): queues first, then calls the wake-up the in-process worker
 * registered; without one it only queues; a queue problem is logged, never thrown, and wakes nothing.
 * The queue is passed in (`syncRequester`), as the app's `requestSync` passes its pg-boss queue.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { setSyncWakeUp, syncRequester } from "@/lib/sync/request";

const calls = { order: [] as string[], fail: false };
const requestSync = syncRequester(async (connectionId, trigger, opts) => {
  if (calls.fail) throw new Error("queue down");
  calls.order.push(`enqueue ${connectionId} ${trigger}${opts.reconcileFrom ? ` from ${opts.reconcileFrom}` : ""}`);
});

afterEach(() => {
  setSyncWakeUp(undefined);
  calls.order = [];
  calls.fail = false;
  vi.restoreAllMocks();
});

describe("requestSync", () => {
  it("queues the sync, then wakes the registered worker", async () => {
    setSyncWakeUp(() => calls.order.push("wake"));
    await requestSync("c1", "webhook", { reconcileFrom: "2026-01-01" });
    expect(calls.order).toEqual(["enqueue c1 webhook from 2026-01-01", "wake"]);
  });

  it("only queues when no worker runs in this process", async () => {
    await requestSync("c2", "manual");
    expect(calls.order).toEqual(["enqueue c2 manual"]);
  });

  it("logs a queue problem instead of throwing, and wakes nothing", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    setSyncWakeUp(() => calls.order.push("wake"));
    calls.fail = true;
    await expect(requestSync("c3", "link")).resolves.toBeUndefined();
    expect(calls.order).toEqual([]);
    expect(logged).toHaveBeenCalledWith("[queue] could not queue a sync (link): queue down");
  });
});
