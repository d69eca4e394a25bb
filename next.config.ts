import type { NextConfig } from "next";

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
  experimental: { authInterrupts: true },
};

export default nextConfig;
