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
#   CSRF) by FLOW_USERS (16) users.
# The static baseline is the same binary serving a file of the list page's
# size (GET /testing/blob/SIZE, a route that exists only with -testing);
# each page's rate is reported as a ratio to it. Peak RSS is VmHWM.
#
# Then, for issue 17's goals:
#   list/static at 10 and at 50 rows: RUNS (3) pairs of wrk runs, the static
#   file of the page's size, then the page of 1,000 while loadgen -mode churn
#   changes a connection of that project 100 times a second; the median of the
#   RUNS ratios is reported;
#   write cycles: e2e/bench/cycles, CYCLES_C (8) workers each looping create ->
#   get -> delete of a connection through the console's API (project
#   eu-de_load), then the same client against moto's AWS Direct Connect mock
#   when moto_server is on the PATH (started on a free loopback port, stopped
#   after; never installed), and the ratio console/moto.
# A summary of these closes the output.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-10s}
CONNS=${CONNS:-32}
THREADS=${THREADS:-2}
LARGE=${LARGE:-100000}
GEN=${GEN:-/dev/shm/dcconsole-bench}   # tmpfs: 100,000 fsync'd creates take seconds there
DATA=${DATA:-bin/bench}                # the server's database is on disk, as in production
RUNS=${RUNS:-3}                        # wrk pairs per list/static ratio (the median is reported)
# Users of the create flow: each is a session of admin, and the store keeps 20
# per user (store.MaxSessionsPerUser, the oldest end), two of which are the
# cookies of the list pages measured after the flow.
FLOW_USERS=${FLOW_USERS:-16}
CYCLES_C=${CYCLES_C:-8}                # workers of e2e/bench/cycles
CYCLES_D=${CYCLES_D:-$DURATION}

if ! command -v wrk >/dev/null; then
	echo "installing Debian's wrk"
	if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
	$SUDO apt-get install -y -q wrk || { $SUDO apt-get update -q && $SUDO apt-get install -y -q wrk; }
fi

go build -o bin/dcconsole .
go build -o bin/loadgen ./e2e/bench/loadgen
go build -o bin/cycles ./e2e/bench/cycles
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
MOTO=
cleanup() {
	for p in $PID $MOTO; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
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
SIZE10=$(curl -s -H "Cookie: $COOKIE_SMALL" "$URL/dcaas/connections?size=10" | wc -c)
SIZE_LARGE=$(curl -s -H "Cookie: $COOKIE_LARGE" "$URL/dcaas/connections?size=50" | wc -c)
echo "== list page: $SIZE bytes (50 of 1,000), $SIZE10 bytes (10 of 1,000), $SIZE_LARGE bytes (50 of $LARGE)"

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

echo "== create flow (e2e/bench/loadgen, $FLOW_USERS users, $DURATION)"
./bin/loadgen -url "$URL" -mode flow -project "$PROJECT_LOAD" -c "$FLOW_USERS" -d "$DURATION"

# churning: the list page's project (eu-de) changes 100 times a second for
# one wrk run (each change makes the next view render the table afresh).
churning() {
	./bin/loadgen -url "$URL" -mode churn -project "$PROJECT_SMALL" -connection "$CONNECTION_SMALL" -rate 100 -d "$DURATION" >"$DATA/churn.log" &
	local churn=$!
	measure "$@"
	wait $churn || { echo "churn failed:"; cat "$DATA/churn.log"; exit 1; }
}
# median of the arguments (an odd count: the middle one).
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
declare -A LISTRATIO LISTRATIOS
echo "== list/static ratio, $RUNS pairs each: the static file, then the page while eu-de takes 100 changes/s (wrk -t$THREADS -c$CONNS -d$DURATION)"
for rows in 10 50; do
	if [ "$rows" = 10 ]; then bytes=$SIZE10; else bytes=$SIZE; fi
	# wrk counts a 303 to the login page as a success: the session must still be there.
	code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE_SMALL" "$URL/dcaas/connections?size=$rows")
	[ "$code" = 200 ] || { echo "the list page answers $code, not 200: the session of its cookie ended"; exit 1; }
	ratios=()
	for run in $(seq "$RUNS"); do
		measure "static file ($bytes bytes) #$run" "$URL/testing/blob/$bytes"
		churning "list page $rows of 1,000, churn #$run" -H "Cookie: $COOKIE_SMALL" "$URL/dcaas/connections?size=$rows"
		ratios+=("$(awk -v a="${RATE["list page $rows of 1,000, churn #$run"]}" -v s="${RATE["static file ($bytes bytes) #$run"]}" 'BEGIN {printf "%.3f", a / s}')")
	done
	LISTRATIOS[$rows]="${ratios[*]}"
	LISTRATIO[$rows]=$(median "${ratios[@]}")
	echo "  list/static ratio ($rows rows): ${LISTRATIO[$rows]} (median of ${LISTRATIOS[$rows]})"
done

# cycles NAME cycles-args...: runs e2e/bench/cycles; keeps its last line
# ("cycles/s X p50 Y p99 Z errors N") in CYCLES[NAME]; stops on errors.
declare -A CYCLES
cycles() {
	local name=$1 out rc=0
	shift
	out=$(./bin/cycles -c "$CYCLES_C" -d "$CYCLES_D" "$@") || rc=$?
	sed 's/^/  /' <<<"$out"
	[ "$rc" = 0 ] || { echo "cycles against $name failed (exit $rc)"; exit 1; }
	CYCLES[$name]=$(tail -n 1 <<<"$out")
}
echo "== write cycles (e2e/bench/cycles: create -> get -> delete, $CYCLES_C workers, $CYCLES_D)"
cycles console -target dcconsole -url "$URL" -token "$TOKEN_LOAD"
if command -v moto_server >/dev/null; then
	# A free port: one nothing answers on; moto_server exits if it was taken meanwhile.
	for _ in $(seq 20); do
		MOTO_PORT=$((20000 + RANDOM % 40000))
		(exec 3<>"/dev/tcp/127.0.0.1/$MOTO_PORT") 2>/dev/null || break
	done
	moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$DATA/moto.log" 2>&1 &
	MOTO=$!
	for _ in $(seq 300); do
		curl -sf -o /dev/null "http://127.0.0.1:$MOTO_PORT/moto-api/" && break
		kill -0 $MOTO 2>/dev/null || break
		sleep 0.1
	done
	curl -sf -o /dev/null "http://127.0.0.1:$MOTO_PORT/moto-api/" || { echo "moto_server did not start:"; cat "$DATA/moto.log"; exit 1; }
	echo "  moto_server ($(moto_server --version 2>/dev/null || python3 -c 'import moto; print("moto", moto.__version__)' 2>/dev/null || echo 'version unknown')) pid $MOTO on port $MOTO_PORT"
	cycles moto -target moto -url "http://127.0.0.1:$MOTO_PORT"
	kill $MOTO
	wait $MOTO 2>/dev/null || true
	MOTO=
else
	echo "  moto_server not on PATH: ratio skipped"
fi

HWM=$(awk '/VmHWM/ {print $2, $3}' "/proc/$PID/status")
echo "== peak RSS of the server (VmHWM): $HWM"

static=${RATE["static file ($SIZE bytes)"]}
echo "== ratios to the static file ($static req/s)"
for name in "list page 50 of 1,000" "list page 50 of $LARGE" "list page 50 of 1,000, 100 changes/s" "details page" "API list (1,000 connections)" "API create"; do
	awk -v a="${RATE[$name]}" -v s="$static" -v n="$name" 'BEGIN {printf "  %-34s %.2f\n", n, a / s}'
done

# field LINE NAME: the value after NAME in a "cycles/s X p50 Y p99 Z errors N" line.
field() { awk -v k="$2" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}' <<<"$1"; }
echo "== summary ($(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg))"
c=${CYCLES[console]}
printf '  %-42s %s cycles/s, p50 %s, p99 %s, errors %s\n' "API cycles (create+get+delete, $CYCLES_C workers):" "$(field "$c" cycles/s)" "$(field "$c" p50)" "$(field "$c" p99)" "$(field "$c" errors)"
if [ -n "${CYCLES[moto]:-}" ]; then
	m=${CYCLES[moto]}
	printf '  %-42s %s cycles/s, p50 %s, p99 %s, errors %s\n' "moto cycles (same client):" "$(field "$m" cycles/s)" "$(field "$m" p50)" "$(field "$m" p99)" "$(field "$m" errors)"
	awk -v a="$(field "$c" cycles/s)" -v b="$(field "$m" cycles/s)" 'BEGIN {printf "  %-42s %.1fx (goal: 20x)\n", "ratio console/moto:", a / b}'
else
	echo "  moto_server not on PATH: ratio skipped"
fi
for rows in 10 50; do
	printf '  %-42s %s (median of %s; goal: 0.5)\n' "list/static ratio ($rows rows):" "${LISTRATIO[$rows]}" "${LISTRATIOS[$rows]}"
done
printf '  %-42s %s\n' "peak RSS of the server (VmHWM):" "$HWM"
kill -TERM $PID
wait $PID || true
trap - EXIT
