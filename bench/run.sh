#!/usr/bin/env bash
# `npm run bench`: the sandbox data generator bench, then the sync engine bench on PGlite and on
# PostgreSQL (the server on 127.0.0.1:5432 or TEST_POSTGRES_URL, else a throwaway cluster when
# PostgreSQL's binaries exist — scripts/ensure-postgres.sh, as `npm test` does).
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-postgres.sh
trap stop_postgres_if_started EXIT
echo "── Sandbox data generation (bench/sandbox-data.bench.ts) ──"
npx tsx bench/sandbox-data.bench.ts || exit $?
echo
echo "── Sync engine (bench/sync-engine.bench.ts) ──"
npx tsx bench/sync-engine.bench.ts
