#!/usr/bin/env bash
# A newcomer's first start, exactly as README says: a fresh clone, `npm ci`,
# `npm start`, and the first answer of GET /sign-in must be 200 — not a 500
# from a database lock the build left behind (issue 10).
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d /tmp/casevault-first-start.XXXXXX)
port=${FIRST_START_PORT:-3950}
server=""
cleanup() {
  # npm start runs start.mjs, which runs next-server: end the whole process group.
  if [ -n "$server" ]; then kill -- "-$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

git clone -q "$src" "$work/casevault"
cd "$work/casevault"
npm ci --no-audit --no-fund >"$work/install.log" 2>&1 || { tail -n 40 "$work/install.log"; exit 1; }

if curl -s -o /dev/null "http://localhost:$port/"; then
  echo "first start: port $port already answers (another server?): cannot test a first start there"
  exit 1
fi

started=$(date +%s)
# Not inheriting the CI's database or secrets: a newcomer has neither.
setsid env -u DATABASE_URL -u NEXTAUTH_SECRET -u NEXTAUTH_URL -u DATA_DIR PORT="$port" npm start >"$work/start.log" 2>&1 &
server=$!
code=000
for _ in $(seq 1 600); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/sign-in" || true)
  [ "$code" != "000" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 1
done
elapsed=$(( $(date +%s) - started ))
if [ "$code" != "200" ]; then
  echo "first start FAILED: the first answer of GET /sign-in was $code after ${elapsed}s"
  tail -n 60 "$work/start.log"
  exit 1
fi
echo "first start OK: GET /sign-in answered 200 on the first try, ${elapsed}s after npm start (build included)"
echo "bench first_start seconds ${elapsed}"
