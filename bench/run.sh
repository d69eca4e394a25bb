#!/usr/bin/env bash
# `npm run bench`: every bench section, then one table of every figure with its goal
# (bench/report.ts) and bench/results/latest.json. The sync engine sections run on PGlite and on
# PostgreSQL (the server on 127.0.0.1:5432 or TEST_POSTGRES_URL, else a throwaway cluster when
# PostgreSQL's binaries exist — scripts/ensure-postgres.sh, as `npm test` does).
# BENCH_SECTIONS=engine,workers runs some sections only (default: all — sandbox,engine,workers,bkper,load,instances;
# load is npm run load: a production build and 50 clients, minutes).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-postgres.sh
trap stop_postgres_if_started EXIT
BENCH_RUN_STARTED=$(date +%s%3N)
export BENCH_RUN_STARTED
SECTIONS=",${BENCH_SECTIONS:-sandbox,engine,workers,bkper,load,instances},"
status=0
run_section() { # name, title, command…
  local name=$1 title=$2
  shift 2
  [[ $SECTIONS == *",$name,"* ]] || return 0
  echo
  echo "── $title ──"
  "$@" || { echo "bench section $name failed (exit $?)"; status=1; }
}
run_section sandbox "Sandbox data generation (bench/sandbox-data.bench.ts)" npx tsx bench/sandbox-data.bench.ts
run_section engine "Sync engine (bench/sync-engine.bench.ts)" npx tsx bench/sync-engine.bench.ts
run_section workers "Workers scale out: 3 workers ÷ 1 on PostgreSQL (scripts/drills/workers.ts)" npx tsx scripts/drills/workers.ts --figures
run_section bkper "Bkper posting through the gateway, against Bkper's limits (bench/bkper-posting.bench.ts)" npx tsx bench/bkper-posting.bench.ts
run_section load "Portal pages under load (bench/load/run.ts)" npx tsx bench/load/run.ts
run_section instances "Two app instances on one database: shared limits and dedupe (bench/load/instances.ts)" npx tsx bench/load/run.ts --instances 2
echo
echo "── All figures (bench/report.ts) ──"
npx tsx bench/report.ts
exit $status
