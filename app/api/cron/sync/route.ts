import { getConfig } from "@/lib/config";
import { appContext } from "@/lib/app-context";
import { pullDueJobs } from "@/lib/sync/cron";
import { cronAuthorized } from "@/lib/sync/cron-auth";
import { appEngineDeps } from "@/lib/sync/runner";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
/** Vercel stops the function here; the budget below leaves room to finish the job in hand. */
export const maxDuration = 60;

const json = (status: number, body: object) => Response.json(body, { status });

/** Vercel cron (vercel.json): `Authorization: Bearer $CRON_SECRET`, then pull due sync jobs for ~45 s. */
export async function GET(request: Request): Promise<Response> {
  const config = getConfig();
  const auth = cronAuthorized(request.headers.get("authorization"), config.cronSecret);
  if (auth === "closed") return json(503, { error: "CRON_SECRET is not set on this server: the cron route is closed." });
  if (auth === "refused") return json(401, { error: "unauthorized" });
  try {
    const ctx = appContext();
    const [db, boss] = await Promise.all([ctx.db(), ctx.syncQueue()]);
    const result = await pullDueJobs(boss, db, appEngineDeps(db, config.syncIntervalMinutes), { budgetMs: 45_000, intervalMinutes: config.syncIntervalMinutes });
    return json(200, result);
  } catch (err) {
    console.error(`[cron] ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    return json(500, { error: "The sync pass failed; the next cron call tries again." });
  }
}
