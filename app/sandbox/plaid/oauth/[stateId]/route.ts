import { handlePlaidOAuthPage } from "@/lib/sandbox/mount";

/** The sandbox bank's OAuth consent page (Plaid OAuth institutions), only in local-sandbox mode. */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ stateId: string }> };

export async function GET(req: Request, ctx: Ctx): Promise<Response> {
  return handlePlaidOAuthPage(req, (await ctx.params).stateId);
}

export async function POST(req: Request, ctx: Ctx): Promise<Response> {
  return handlePlaidOAuthPage(req, (await ctx.params).stateId);
}
