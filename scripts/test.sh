#!/usr/bin/env bash
# `npm test`: the whole suite on a fresh machine — type check, lint, unit and integration tests on
# PGlite and PostgreSQL, the production build, and Playwright in Debian's Chromium.
# Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
mkdir -p test-results
: > test-results/summary.txt

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
die() { echo "npm test: $*" >&2; exit 1; }

step "Prisma client"
node scripts/prisma-generate.mjs || die "prisma generate failed"

step "Chromium for Playwright"
bash scripts/ensure-chromium.sh || die "Chromium is missing (see above)"

step "PostgreSQL for the database tests"
# shellcheck source=scripts/ensure-postgres.sh
source scripts/ensure-postgres.sh

step "Type check"
npx tsc --noEmit || die "type errors"

step "Lint"
npx eslint . --max-warnings=0 || die "lint errors"

step "Import layers and cycles"
# docs/architecture.md#layers: no import cycle, no lib/ module importing a layer above it.
npx tsx scripts/check-imports.ts || die "import rule violations (see above)"

step "Production build"
# Built once here (Playwright's server reuses it): Vitest's client-bundle scan reads it.
node scripts/start.mjs --build-only || die "the production build failed"

step "Unit and integration tests (Vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
vitest_status=$?

step "End-to-end tests (Playwright, production build)"
npx playwright test
e2e_status=$?

stop_postgres_if_started

node scripts/test-summary.mjs test-results/vitest.json test-results/e2e.json "$vitest_status" "$e2e_status"
summary_status=$?
if [[ $vitest_status -ne 0 || $e2e_status -ne 0 || $summary_status -ne 0 ]]; then exit 1; fi
