import { handlePluggyHttp } from "@/lib/sandbox/mount";

/** The local Pluggy sandbox (Pluggy API + Connect stand-in endpoints), only in local-sandbox mode. */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ path: string[] }> };

async function handle(req: Request, ctx: Ctx): Promise<Response> {
  return handlePluggyHttp(req, (await ctx.params).path);
}

export const GET = handle;
export const POST = handle;
export const PATCH = handle;
export const PUT = handle;
export const DELETE = handle;
