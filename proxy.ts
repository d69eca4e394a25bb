import { NextResponse, type NextRequest } from "next/server";

/**
 * Tells pages which URL was asked for, so a signed-out visitor is sent to sign-in and back to
 * exactly that page (layouts and pages render together and cannot see the URL otherwise).
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-return-to", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/((?!_next/|api/|favicon.ico).*)"] };
