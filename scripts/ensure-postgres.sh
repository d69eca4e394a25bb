#!/usr/bin/env bash
# Sourced by scripts/test.sh: sets TEST_POSTGRES_URL to a PostgreSQL server the database tests can
# use — one already answering on 127.0.0.1:5432, else a throwaway cluster started here — or says
# loudly that the PostgreSQL half of the tests will not run.
_pg_started_dir=""
stop_postgres_if_started() {
  if [[ -n "$_pg_started_dir" ]]; then
    local bin; bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    su postgres -s /bin/sh -c "$bin/pg_ctl -D '$_pg_started_dir/data' -m immediate stop" >/dev/null 2>&1 || true
    rm -rf "$_pg_started_dir"
  fi
}

_pg_try() { node -e '
  const pg = require("pg"); const c = new pg.Client({ connectionString: process.argv[1], connectionTimeoutMillis: 2000 });
  c.connect().then(() => c.query("select 1")).then(() => process.exit(0), () => process.exit(1));' "$1" 2>/dev/null; }

if [[ -n "${TEST_POSTGRES_URL:-}" ]] && _pg_try "$TEST_POSTGRES_URL"; then
  echo "PostgreSQL: $TEST_POSTGRES_URL (given)"
elif _pg_try "postgres://postgres@127.0.0.1:5432/test"; then
  export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/test"
  echo "PostgreSQL: the server on 127.0.0.1:5432"
else
  _pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  if [[ -z "$_pg_bin" ]] && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing Debian's postgresql package for the database tests…"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 || true
    _pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  fi
  if [[ -n "$_pg_bin" ]]; then
    _pg_started_dir=$(mktemp -d /tmp/bc-pg.XXXXXX)
    chmod 755 "$_pg_started_dir"
    _pg_port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    _pg_user=postgres; [[ $(id -u) -eq 0 ]] || _pg_user=$(id -un)
    _run() { if [[ $(id -u) -eq 0 ]]; then chown -R postgres "$_pg_started_dir"; su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
    if _run "$_pg_bin/initdb -D '$_pg_started_dir/data' -U postgres -A trust >/dev/null" &&
       _run "$_pg_bin/pg_ctl -D '$_pg_started_dir/data' -l '$_pg_started_dir/log' -w -o \"-p $_pg_port -k $_pg_started_dir -c listen_addresses=127.0.0.1 -c fsync=off\" start >/dev/null"; then
      _run "$_pg_bin/createdb -h 127.0.0.1 -p $_pg_port -U postgres test"
      export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$_pg_port/test"
      echo "PostgreSQL: throwaway cluster on 127.0.0.1:$_pg_port"
    else
      echo "!!! Could not start a throwaway PostgreSQL cluster; the PostgreSQL half of the database tests will NOT run." >&2
      cat "$_pg_started_dir/log" 2>/dev/null | tail -5 >&2
      _pg_started_dir=""
    fi
  else
    echo "!!! PostgreSQL is not installed and no server answers on 127.0.0.1:5432: the PostgreSQL half of the database tests will NOT run." >&2
  fi
fi
