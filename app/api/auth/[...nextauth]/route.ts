import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth";
import { bodyRefusal, KIB, withBoundedBody } from "@/lib/http/bounded-body";

export const runtime = "nodejs";

/** Auth.js's forms (sign-in e-mail, sign-out, callbacks) are a few hundred bytes. */
const MAX_BODY_BYTES = 64 * KIB;

export const { GET } = handlers;

/** Auth.js reads the whole body itself: it gets it already read, with a byte cap (413 above it). */
export function POST(request: NextRequest): Promise<Response> {
  return withBoundedBody(request, MAX_BODY_BYTES, bodyRefusal, (r) => handlers.POST(new NextRequest(r)));
}
