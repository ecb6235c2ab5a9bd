#!/usr/bin/env bash
# Load test of the console (`make bench` runs it after the Go benchmarks).
#
# It installs wrk when missing, builds bin/dcconsole, generates a database
# with e2e/bench/gendb (1,000 connections in eu-de, 100,000 in eu-nl whose quota
# was raised), starts the server on a free loopback port and measures with
# wrk (-c 32, DURATION each):
#   the Connections list page (50 rows) out of 1,000 and out of 100,000,
#   the same page of 1,000 while loadgen -mode churn modifies a connection of
#   the project through the API 100 times a second (each change makes the
#   next view render the table afresh), a connection's details page, the API list of connections (1,000 rows),
#   API creates (POST /v2.0/dcaas/direct-connects), and, with the Go driver
#   e2e/bench/loadgen, the console's create flow (form -> confirm -> submit with
#   CSRF) by 32 users.
# The static baseline is the same binary serving a file of the list page's
# size (GET /testing/blob/SIZE, a route that exists only with -testing);
# each page's rate is reported as a ratio to it. Peak RSS is VmHWM.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-10s}
CONNS=${CONNS:-32}
THREADS=${THREADS:-2}
LARGE=${LARGE:-100000}
GEN=${GEN:-/dev/shm/dcconsole-bench}   # tmpfs: 100,000 fsync'd creates take seconds there
DATA=${DATA:-bin/bench}                # the server's database is on disk, as in production

if ! command -v wrk >/dev/null; then
	echo "installing Debian's wrk"
	if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
	$SUDO apt-get install -y -q wrk || { $SUDO apt-get update -q && $SUDO apt-get install -y -q wrk; }
fi

go build -o bin/dcconsole .
go build -o bin/loadgen ./e2e/bench/loadgen
rm -rf "$GEN" "$DATA" && mkdir -p "$GEN" "$DATA"
echo "== generating the database: 1,000 + $LARGE connections"
go run ./e2e/bench/gendb -db "$GEN/dcconsole.db" -env "$DATA/gen.env" -large "$LARGE"
cp "$GEN/dcconsole.db" "$DATA/dcconsole.db" # gendb closed the store: the WAL is checkpointed into the file
rm -rf "$GEN"
# shellcheck disable=SC1091
source "$DATA/gen.env"
export ADMIN_PASSWORD

./bin/dcconsole -addr 127.0.0.1:0 -db "$DATA/dcconsole.db" -testing >"$DATA/stdout.log" 2>"$DATA/server.log" &
PID=$!
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do
	URL=$(sed -n 's/^listening on //p' "$DATA/stdout.log")
	[ -n "$URL" ] && break
	sleep 0.1
done
[ -n "$URL" ] || { echo "the server did not start"; cat "$DATA/server.log"; exit 1; }
echo "== server pid $PID at $URL ($(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg))"

COOKIE_SMALL=$(./bin/loadgen -url "$URL" -mode cookie -project "$PROJECT_SMALL")
COOKIE_LARGE=$(./bin/loadgen -url "$URL" -mode cookie -project "$PROJECT_LARGE")
TOKEN_SMALL=$(./bin/loadgen -url "$URL" -mode token -project "$PROJECT_SMALL")
TOKEN_LOAD=$(./bin/loadgen -url "$URL" -mode token -project "$PROJECT_LOAD")

SIZE=$(curl -s -H "Cookie: $COOKIE_SMALL" "$URL/dcaas/connections?size=50" | wc -c)
SIZE_LARGE=$(curl -s -H "Cookie: $COOKIE_LARGE" "$URL/dcaas/connections?size=50" | wc -c)
echo "== list page: $SIZE bytes (1,000), $SIZE_LARGE bytes ($LARGE)"

declare -A RATE
RESULTS=()
# measure NAME wrk-args...: runs wrk and keeps requests/s, p50, p99, errors.
measure() {
	local name=$1
	shift
	local out
	out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$@")
	local rps p50 p99 bad errs
	rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
	p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
	p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
	bad=$(awk '/Non-2xx or 3xx/ {print $NF}' <<<"$out")
	errs=$(awk '/Socket errors/ {print $0}' <<<"$out")
	RATE[$name]=$rps
	RESULTS+=("$(printf '%-34s %10s req/s   p50 %9s   p99 %9s   non-2xx/3xx %s %s' "$name" "$rps" "$p50" "$p99" "${bad:-0}" "$errs")")
	echo "${RESULTS[-1]}"
}

echo "== wrk -t$THREADS -c$CONNS -d$DURATION"
measure "static file ($SIZE bytes)" "$URL/testing/blob/$SIZE"
measure "list page 50 of 1,000" -H "Cookie: $COOKIE_SMALL" "$URL/dcaas/connections?size=50"
measure "list page 50 of $LARGE" -H "Cookie: $COOKIE_LARGE" "$URL/dcaas/connections?size=50"
# The same page while the project changes 100 times a second through the API
# (each change makes the next view render the table afresh).
./bin/loadgen -url "$URL" -mode churn -project "$PROJECT_SMALL" -connection "$CONNECTION_SMALL" -rate 100 -d "$DURATION" >"$DATA/churn.log" &
CHURN=$!
measure "list page 50 of 1,000, 100 changes/s" -H "Cookie: $COOKIE_SMALL" "$URL/dcaas/connections?size=50"
wait $CHURN || { echo "churn failed:"; cat "$DATA/churn.log"; exit 1; }
sed 's/^/  /' "$DATA/churn.log"
measure "details page" -H "Cookie: $COOKIE_SMALL" "$URL/dcaas/connections/$CONNECTION_SMALL"
measure "API list (1,000 connections)" -H "X-Auth-Token: $TOKEN_SMALL" "$URL/v2.0/dcaas/direct-connects"
measure "API create" -s e2e/bench/api_create.lua -H "X-Auth-Token: $TOKEN_LOAD" "$URL/v2.0/dcaas/direct-connects"
measure "static file again ($SIZE bytes)" "$URL/testing/blob/$SIZE"

echo "== create flow (e2e/bench/loadgen, $CONNS users, $DURATION)"
./bin/loadgen -url "$URL" -mode flow -project "$PROJECT_LOAD" -c "$CONNS" -d "$DURATION"

HWM=$(awk '/VmHWM/ {print $2, $3}' "/proc/$PID/status")
echo "== peak RSS of the server (VmHWM): $HWM"

static=${RATE["static file ($SIZE bytes)"]}
echo "== ratios to the static file ($static req/s)"
for name in "list page 50 of 1,000" "list page 50 of $LARGE" "list page 50 of 1,000, 100 changes/s" "details page" "API list (1,000 connections)" "API create"; do
	awk -v a="${RATE[$name]}" -v s="$static" -v n="$name" 'BEGIN {printf "  %-34s %.2f\n", n, a / s}'
done
kill -TERM $PID
wait $PID || true
trap - EXIT
