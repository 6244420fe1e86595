# A PostgreSQL server for CI. Machines of this kind run one on
# 127.0.0.1:5432 with trust auth; where none answers, start a throwaway
# cluster with Debian's binaries (Postgres refuses to run as root, so the
# cluster belongs to the postgres user).

start_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    echo "postgresql://postgres@127.0.0.1:5432"
    return
  fi
  local bin dir
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ]; then
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  dir=$(mktemp -d /tmp/casevault-pg.XXXXXX)
  chown postgres "$dir"
  su postgres -s /bin/bash -c "$bin/initdb -D $dir/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >&2
  su postgres -s /bin/bash -c "$bin/pg_ctl -D $dir/data -l $dir/log -o '-p 54329 -k $dir -c listen_addresses=127.0.0.1' -w start" >&2
  echo "postgresql://postgres@127.0.0.1:54329"
}

create_database() { psql "$1/postgres" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE \"$2\"" >/dev/null; }
drop_database() { psql "$1/postgres" -qc "DROP DATABASE IF EXISTS \"$2\" WITH (FORCE)" >/dev/null 2>&1 || true; }
# The databases the tests made for themselves (integration tests' own, e2e
# templates and their copies: lib/testing/own-database.ts, e2e/support):
# names starting with $2_, dropped at the end of the run.
drop_databases_like() {
  local name
  for name in $(psql "$1/postgres" -Atc "SELECT datname FROM pg_database WHERE datname LIKE '$2\\_%'" 2>/dev/null); do
    drop_database "$1" "$name"
  done
}

# The runtime role the suite runs as (docs/operations.md, "Database roles
# (PostgreSQL)"): it may read and append the audit log, never change, remove
# or unprotect it. The superuser that creates the databases is their owner
# and runs the migrations (DATABASE_OWNER_URL).
create_app_role() {
  psql "$1/postgres" -v ON_ERROR_STOP=1 -qc \
    "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$2') THEN CREATE ROLE \"$2\" LOGIN; END IF; END \$\$" >/dev/null
}

# Before the first migration: every table the owner creates is readable and
# writable by the runtime role, except what the audit migration revokes.
grant_app_role() {
  psql "$1/$2" -v ON_ERROR_STOP=1 -q >/dev/null <<SQL
GRANT CONNECT ON DATABASE "$2" TO "$3";
GRANT USAGE ON SCHEMA public TO "$3";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "$3";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "$3";
SQL
}

# postgresql://user@host:port -> postgresql://ROLE@host:port (trust auth here; a password would go in the URL).
url_as_role() { echo "postgresql://$2@${1#postgresql://*@}"; }
