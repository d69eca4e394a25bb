import { handlePlaidHttp } from "@/lib/sandbox/mount";

/** The local Plaid sandbox (Plaid API + Link stand-in endpoints), only in local-sandbox mode. */
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ path: string[] }> };

export async function POST(req: Request, ctx: Ctx): Promise<Response> {
  return handlePlaidHttp(req, (await ctx.params).path);
}
