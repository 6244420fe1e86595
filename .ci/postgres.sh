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
