// How the portal's Node process is tuned for memory, in one place: scripts/start.mjs applies it to
// the server it starts, and bench section 4 (bench/sync-engine.bench.ts) to the engine process whose
// peak RSS it measures, so the figure is the embedded default's.
//
// MALLOC_ARENA_MAX=2: glibc's malloc keeps an arena per thread that allocated (V8's compiler and GC
// threads), each kept at its largest; two arenas cost the embedded default ≈ 45 MB less RSS.
//
// --max-semi-space-size=8 (MB), the embedded default only (no DATABASE_URL: PGlite in this process):
// V8's young generation grows to two 16 MB semi-spaces by default, each held at its largest; at 8 the
// 100k backfill's peak RSS is about 30 MB lower at the same speed (at 4, 40 MB lower and 8 % slower;
// issue 16, bench section 4). With PostgreSQL the database's memory is not in this process, and a
// server under load keeps the default young generation.
//
// A value the operator set (MALLOC_ARENA_MAX, or a semi-space size in NODE_OPTIONS) wins.
export function portalMemoryEnv(env = process.env, { embedded = !env.DATABASE_URL } = {}) {
  const out = { MALLOC_ARENA_MAX: "2", ...env };
  const options = env.NODE_OPTIONS ?? "";
  if (embedded && !/--max-semi-space-size\b/.test(options)) out.NODE_OPTIONS = `${options} --max-semi-space-size=8`.trim();
  return out;
}
