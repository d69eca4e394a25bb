import type { NextConfig } from "next";
import { PROXY_BODY_BUFFER_BYTES } from "./lib/http/bounded-body";
import { API_CSP, HSTS, staticSecurityHeaders } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // NEXT_DIST_DIR: a build folder of its own (parallel test runs, the load script); .next by default.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // PGlite loads its wasm/data files from its package folder at run time: keep it out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg", "@prisma/adapter-pg", "pg-boss"],
  poweredByHeader: false,
  // Types are checked once by `tsc --noEmit` (npm run build, npm test), not again inside next build.
  typescript: { ignoreBuildErrors: true },
  // Migrations are read from disk at start (lib/db/migrate.ts): ship them with traced deployments.
  outputFileTracingIncludes: { "/**": ["./prisma/migrations/**/*"] },
  reactStrictMode: true,
  // forbidden() renders app/forbidden.tsx with a 403 for members whose role is too weak.
  // proxyClientMaxBodySize: what Next.js buffers of a body on its way through proxy.ts (see
  // lib/http/bounded-body.ts: 2 MiB instead of 10 MB, above every route's own cap).
  experimental: { authInterrupts: true, proxyClientMaxBodySize: PROXY_BODY_BUFFER_BYTES },
  // Pages get their headers (and a per-request nonce CSP) from proxy.ts; what it does not see —
  // API routes and Next's own files — gets the static ones here.
  headers: async () => [
    { source: "/api/:path*", headers: [...staticSecurityHeaders(), { key: "Content-Security-Policy", value: API_CSP }] },
    { source: "/_next/:path*", headers: staticSecurityHeaders() },
    { source: "/favicon.ico", headers: staticSecurityHeaders() },
    { source: "/api/:path*", has: [{ type: "header", key: "x-forwarded-proto", value: "https" }], headers: [{ key: "Strict-Transport-Security", value: HSTS }] },
  ],
};

export default nextConfig;
