#!/usr/bin/env bash
# SQLite against PostgreSQL, side by side in one run, on this machine:
#   (a) SQLite, one console;
#   (b) PostgreSQL with durable commits (fsync, synchronous_commit and
#       full_page_writes at their defaults), one console;
#   (c) the same PostgreSQL, two consoles on one database, the load split
#       evenly between them (one client process per console, summed).
# Each case measures, in this order:
#   the static baseline: GET /testing/blob/SIZE (-testing), SIZE being the
#     list page's size, wrk -t$THREADS -c$CONNS -d$DURATION;
#   the Connections list page /dcaas/connections?size=50 of eu-de (1,000
#     connections) with a session cookie (loadgen -mode cookie), same wrk;
#   API write cycles: e2e/bench/cycles (create -> get -> delete) by CYCLES_C
#     workers in project eu-de_load, for CYCLES_D;
# with p50/p99, non-2xx answers and socket errors, and the peak RSS (VmHWM)
# of each console. In (c) each console gets half of the wrk connections and
# threads and half of the cycle workers; the rates are summed, the
# percentiles are the worse of the two processes'. The session cookie and
# the API token of (c) come from the first console and serve on both.
# On PostgreSQL it also counts, from the cluster's log, the transactions
# PostgreSQL refused (serialization failures, deadlocks, unique keys taken
# meanwhile): the store runs each of those again. A summary table closes
# the output.
#
# The databases: e2e/bench/gendb makes the SQLite file on a tmpfs (copied to
# $DATA on disk for the run, as in production) and a PostgreSQL template
# database, VACUUM ANALYZEd, which (b) and (c) each get a copy of.
#
# It runs itself under .ci/pg-cluster.sh with PG_DURABLE=1 when
# DCCONSOLE_TEST_POSTGRES is unset; with it set, it uses that cluster (and
# warns when its commits are not durable). It installs wrk when missing.
#
#   e2e/bench/pg.sh                 # DURATION=2s e2e/bench/pg.sh for a quick look
set -euo pipefail

self="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
cd "$(dirname "$self")/../.."
export GOTOOLCHAIN=auto

DURATION=${DURATION:-10s}
CONNS=${CONNS:-32}          # wrk connections (split over the consoles in (c))
THREADS=${THREADS:-2}       # wrk threads (split over the consoles in (c))
CYCLES_C=${CYCLES_C:-8}     # workers of e2e/bench/cycles (split in (c))
CYCLES_D=${CYCLES_D:-$DURATION}
SMALL=${SMALL:-1000}        # connections of eu-de, the list page's project
DATA=${DATA:-bin/pgbench}   # binaries, the SQLite file, logs (on disk)

if ! command -v wrk >/dev/null; then
	echo "installing Debian's wrk"
	if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
	$SUDO apt-get install -y -q wrk || { $SUDO apt-get update -q && $SUDO apt-get install -y -q wrk; }
fi

if [ -z "${DCCONSOLE_TEST_POSTGRES:-}" ]; then
	PG_DURABLE=1 exec .ci/pg-cluster.sh "$self" "$@"
fi

if [ $((CONNS % 2)) != 0 ] || [ $((THREADS % 2)) != 0 ] || [ $((CYCLES_C % 2)) != 0 ]; then
	echo "CONNS ($CONNS), THREADS ($THREADS) and CYCLES_C ($CYCLES_C) must be even: (c) splits them in two"
	exit 2
fi

GEN=
FAILED=
dbs=()
pids=()
main=$BASHPID
cleanup() {
	local rc=$?
	# Only the script itself cleans up, never a subshell that inherited the trap.
	[ "$BASHPID" = "$main" ] || exit "$rc"
	trap - EXIT INT TERM
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	for d in "${dbs[@]}"; do
		psql "$DCCONSOLE_TEST_POSTGRES" -qX -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true
	done
	[ -z "$GEN" ] || rm -rf "$GEN"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

rm -rf "$DATA" && mkdir -p "$DATA"
go build -o "$DATA/dcconsole" .
go build -o "$DATA/loadgen" ./e2e/bench/loadgen
go build -o "$DATA/cycles" ./e2e/bench/cycles
go build -o "$DATA/gendb" ./e2e/bench/gendb

psql() { command psql -qX -v ON_ERROR_STOP=1 "$@"; }
# pgurl DB: the cluster's URL with DB in place of its database.
pgurl() { sed -E "s#^(postgres(ql)?://[^/]+)/[^?]*#\1/$1#" <<<"$DCCONSOLE_TEST_POSTGRES"; }

echo "== $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); wrk -t$THREADS -c$CONNS -d$DURATION, cycles -c $CYCLES_C -d $CYCLES_D"
durable=$(psql -At "$DCCONSOLE_TEST_POSTGRES" -c "SELECT current_setting('fsync') || ' ' || current_setting('synchronous_commit') || ' ' || current_setting('full_page_writes')")
echo "== PostgreSQL $(psql -At "$DCCONSOLE_TEST_POSTGRES" -c 'SHOW server_version'): fsync, synchronous_commit, full_page_writes: $durable"
PGNOTE=
if [ "$durable" != "on on on" ]; then
	PGNOTE=" (NOT durable: $durable)"
	echo "WARNING: this cluster's commits are not durable; run without DCCONSOLE_TEST_POSTGRES for a durable one"
fi
# The cluster's log, which .ci/pg-cluster.sh keeps beside the data folder
# (unknown for a cluster of one's own: the refusals are not counted then).
PGLOG=$(dirname "$(psql -At "$DCCONSOLE_TEST_POSTGRES" -c 'SHOW data_directory')")/server.log
[ -r "$PGLOG" ] || PGLOG=

echo "== generating the databases: $SMALL connections in eu-de"
GEN=$(mktemp -d /dev/shm/dcconsole-pgbench.XXXXXX)
"$DATA/gendb" -db "$GEN/dcconsole.db" -env "$DATA/gen.env" -small "$SMALL" -large 0
cp "$GEN/dcconsole.db" "$DATA/dcconsole.db" # gendb closed the store: the WAL is checkpointed into the file
rm -rf "$GEN"
GEN=
base=dcconsole_pgbench_$$
tmpl=${base}_template
dbs+=("$tmpl")
psql "$DCCONSOLE_TEST_POSTGRES" -c "CREATE DATABASE $tmpl"
"$DATA/gendb" -db "$(pgurl "$tmpl")" -env "$DATA/gen-pg.env" -small "$SMALL" -large 0
psql "$(pgurl "$tmpl")" -c 'VACUUM ANALYZE'
for d in one two; do
	dbs+=("${base}_$d")
	psql "$DCCONSOLE_TEST_POSTGRES" -c "CREATE DATABASE ${base}_$d TEMPLATE $tmpl"
done
psql "$DCCONSOLE_TEST_POSTGRES" -c CHECKPOINT
# shellcheck disable=SC1091
source "$DATA/gen.env"
export ADMIN_PASSWORD

# to_ms DURATION: wrk's or Go's duration (850.00us, 1.23ms, 1.02s, 2.00m) in ms.
to_ms() {
	awk -v d="$1" 'BEGIN {
		if (match(d, /(us|µs)$/)) f = 0.001; else if (match(d, /ms$/)) f = 1;
		else if (match(d, /m$/)) f = 60000; else if (match(d, /s$/)) f = 1000; else { print "?"; exit }
		printf "%.2f", substr(d, 1, RSTART - 1) * f }'
}
# max A B: the larger of two numbers.
max() { awk -v a="$1" -v b="$2" 'BEGIN {print (a + 0 > b + 0) ? a : b}'; }

declare -A R # R[case,figure]: the figures of the summary
# start_consoles DB N: N consoles on DB (-testing, loopback, a free port
# each); sets URLS and CPIDS.
start_consoles() {
	local db=$1 n=$2 i pid url
	URLS=()
	CPIDS=()
	for i in $(seq "$n"); do
		"$DATA/dcconsole" -addr 127.0.0.1:0 -db "$db" -testing >"$DATA/$CASE-$i.stdout" 2>"$DATA/$CASE-$i.log" &
		pids+=($!)
		CPIDS+=($!)
	done
	for i in $(seq "$n"); do
		pid=${CPIDS[$((i - 1))]}
		url=
		for _ in $(seq 300); do
			url=$(sed -n 's/^listening on //p' "$DATA/$CASE-$i.stdout")
			[ -n "$url" ] && break
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		[ -n "$url" ] || { echo "console $i did not start:"; cat "$DATA/$CASE-$i.log"; exit 1; }
		URLS+=("$url")
		echo "  console $i: pid $pid at $url"
	done
}
stop_consoles() {
	local p q rest
	for p in "${CPIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${CPIDS[@]}"; do
		wait "$p" || true
		rest=()
		for q in "${pids[@]}"; do [ "$q" = "$p" ] || rest+=("$q"); done
		pids=("${rest[@]}")
	done
}
# page_ok PATH: the list page answers 200 on every console with the cookie
# (wrk counts a 303 to the login page as a success).
page_ok() {
	local u code
	for u in "${URLS[@]}"; do
		code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$u$1")
		[ "$code" = 200 ] || { echo "$u$1 answers $code, not 200: the cookie is wrong or its session ended"; exit 1; }
	done
}
# load FIGURE PATH wrk-args...: one wrk per console, at the same time, each
# with its share of the threads and connections; keeps the summed req/s, the
# worse p50/p99 (ms) and the summed non-2xx/3xx answers and socket errors.
load() {
	local fig=$1 path=$2 n=${#URLS[@]} i out
	shift 2
	local wpids=()
	for i in $(seq "$n"); do
		wrk -t$((THREADS / n)) -c$((CONNS / n)) -d"$DURATION" --latency "$@" "${URLS[$((i - 1))]}$path" >"$DATA/$CASE-$fig-$i.wrk" &
		wpids+=($!)
	done
	for i in $(seq "$n"); do wait "${wpids[$((i - 1))]}"; done
	local rps=0 p50=0 p99=0 bad=0 errs=0 r a b x y
	for i in $(seq "$n"); do
		out=$(cat "$DATA/$CASE-$fig-$i.wrk")
		r=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
		a=$(to_ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
		b=$(to_ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
		x=$(awk '/Non-2xx or 3xx/ {print $NF}' <<<"$out")
		y=$(awk '/Socket errors/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' <<<"$out")
		[ "$n" = 1 ] || printf '    %-6s console %d: %10s req/s   p50 %8s ms   p99 %8s ms   non-2xx/3xx %s   socket errors %s\n' "$fig" "$i" "$r" "$a" "$b" "${x:-0}" "${y:-0}"
		rps=$(awk -v s="$rps" -v r="$r" 'BEGIN {printf "%.1f", s + r}')
		p50=$(max "$p50" "$a")
		p99=$(max "$p99" "$b")
		bad=$((bad + ${x:-0}))
		errs=$((errs + ${y:-0}))
	done
	R[$CASE,$fig]=$rps R[$CASE,$fig.p50]=$p50 R[$CASE,$fig.p99]=$p99 R[$CASE,$fig.bad]=$((bad + errs))
	printf '  %-6s %10s req/s   p50 %8s ms   p99 %8s ms   non-2xx/3xx %s   socket errors %s\n' "$fig" "$rps" "$p50" "$p99" "$bad" "$errs"
}
# cycles: one e2e/bench/cycles per console, at the same time, each with its
# share of the workers; keeps the summed cycles/s, the worse p50/p99 and the
# summed errors. Errors make the script exit 1 at its end.
cycles() {
	local n=${#URLS[@]} i rc=0 line
	local cpids=()
	for i in $(seq "$n"); do
		"$DATA/cycles" -target dcconsole -url "${URLS[$((i - 1))]}" -token "$TOKEN" -c $((CYCLES_C / n)) -d "$CYCLES_D" >"$DATA/$CASE-cycles-$i.out" 2>&1 &
		cpids+=($!)
	done
	for i in $(seq "$n"); do wait "${cpids[$((i - 1))]}" || rc=1; done
	local cps=0 p50=0 p99=0 errs=0
	for i in $(seq "$n"); do
		[ "$n" = 1 ] || echo "    console $i:"
		sed 's/^/    /' "$DATA/$CASE-cycles-$i.out"
		line=$(tail -n 1 "$DATA/$CASE-cycles-$i.out")
		[[ $line == "cycles/s "* ]] || { echo "cycles did not finish its run"; exit 1; }
		read -r _ c _ a _ b _ e <<<"$line"
		cps=$(awk -v s="$cps" -v r="$c" 'BEGIN {printf "%.1f", s + r}')
		p50=$(max "$p50" "$(to_ms "$a")")
		p99=$(max "$p99" "$(to_ms "$b")")
		errs=$((errs + e))
	done
	R[$CASE,cycles]=$cps R[$CASE,cycles.p50]=$p50 R[$CASE,cycles.p99]=$p99 R[$CASE,cycles.err]=$errs
	printf '  cycles %10s cycles/s   p50 %8s ms   p99 %8s ms   errors %s\n' "$cps" "$p50" "$p99" "$errs"
	[ "$rc" = 0 ] || { echo "  cycles had errors: the run goes on, and the script exits 1 at its end"; FAILED=1; }
}
# pg_refusals: "serialization N, deadlock N, unique N" in the cluster's log so far.
pg_refusals() {
	[ -n "$PGLOG" ] || { echo "unknown"; return; }
	printf 'serialization %s, deadlock %s, unique %s' \
		"$(grep -c 'ERROR:  could not serialize access' "$PGLOG" || true)" \
		"$(grep -c 'ERROR:  deadlock detected' "$PGLOG" || true)" \
		"$(grep -c 'ERROR:  duplicate key value' "$PGLOG" || true)"
}
# diff_refusals BEFORE AFTER: the counts of AFTER minus those of BEFORE.
diff_refusals() {
	[ "$1" != unknown ] || { echo "not counted (the cluster's log is unknown)"; return; }
	awk -v a="$1" -v b="$2" 'BEGIN {
		n = split(a, x, /[ ,]+/); split(b, y, /[ ,]+/); s = ""
		for (i = 1; i < n; i += 2) s = s sprintf("%s%s %d", (s == "" ? "" : ", "), x[i], y[i + 1] - x[i + 1])
		print s }'
}

# run_case CASE LABEL DB N: starts N consoles on DB, measures, stops them.
run_case() {
	CASE=$1
	local label=$2 db=$3 n=$4 before after i hwm rss=
	echo "== $label (load average $(cut -d' ' -f1-3 /proc/loadavg))"
	before=$(pg_refusals)
	start_consoles "$db" "$n"
	COOKIE=$("$DATA/loadgen" -url "${URLS[0]}" -mode cookie -project "$PROJECT_SMALL")
	TOKEN=$("$DATA/loadgen" -url "${URLS[0]}" -mode token -project "$PROJECT_LOAD")
	page_ok "/dcaas/connections?size=50"
	SIZE=$(curl -s -H "Cookie: $COOKIE" "${URLS[0]}/dcaas/connections?size=50" | wc -c)
	echo "  list page: $SIZE bytes (50 of $SMALL)"
	R[$CASE,size]=$SIZE
	load static "/testing/blob/$SIZE"
	load list "/dcaas/connections?size=50" -H "Cookie: $COOKIE"
	page_ok "/dcaas/connections?size=50"
	cycles
	for i in $(seq "$n"); do
		hwm=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/${CPIDS[$((i - 1))]}/status")
		rss=${rss:+$rss + }$hwm
	done
	R[$CASE,rss]="$rss MB"
	echo "  peak RSS (VmHWM): $rss MB"
	stop_consoles
	# wrk closes its connections at the end of a run: the requests in
	# flight then fail with "context canceled" (the client is gone, and no
	# answer is counted); the other errors are the console's.
	local logerrs=0 e
	for i in $(seq "$n"); do
		e=$(grep '"level":"ERROR"' "$DATA/$CASE-$i.log" | grep -vc 'context canceled' || true)
		logerrs=$((logerrs + e))
		printf '  console %d log: %s requests, %s warnings, %s errors (%s of them "context canceled": requests in flight when wrk stopped)\n' "$i" \
			"$(grep -c '"msg":"request"' "$DATA/$CASE-$i.log" || true)" \
			"$(grep -c '"level":"WARN"' "$DATA/$CASE-$i.log" || true)" \
			"$(grep -c '"level":"ERROR"' "$DATA/$CASE-$i.log" || true)" \
			"$(grep '"level":"ERROR"' "$DATA/$CASE-$i.log" | grep -c 'context canceled' || true)"
	done
	R[$CASE,logerrs]=$logerrs
	if [ "$logerrs" != 0 ]; then
		echo "  the console's errors, by message:"
		cat "$DATA/$CASE"-*.log | grep '"level":"ERROR"' | grep -v 'context canceled' |
			sed -E 's/"(time|request_id)":"[^"]*",?//g' | sort | uniq -c | sort -rn | head -5 | sed 's/^/    /'
	fi
	if [ "$db" != "$DATA/dcconsole.db" ]; then
		after=$(pg_refusals)
		R[$CASE,refused]=$(diff_refusals "$before" "$after")
		echo "  transactions PostgreSQL refused (each run again by the store): ${R[$CASE,refused]}"
	fi
}

run_case sqlite "SQLite, 1 instance ($DATA/dcconsole.db, synchronous=FULL)" "$DATA/dcconsole.db" 1
run_case pg1 "PostgreSQL, 1 instance (database ${base}_one)$PGNOTE" "$(pgurl "${base}_one")" 1
run_case pg2 "PostgreSQL, 2 instances on one database (${base}_two)$PGNOTE" "$(pgurl "${base}_two")" 2

echo "== summary ($(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)); cycles: $CYCLES_C workers, wrk: -c$CONNS; ms; non-2xx counts socket errors too; in (c) rates summed, p50/p99 the worse console's"
printf '  %-24s %9s %7s %7s %4s   %10s %7s %7s %7s   %12s %11s   %s\n' backend cycles/s p50 p99 err "list req/s" p50 p99 non-2xx "static req/s" list/static RSS
for c in sqlite pg1 pg2; do
	case $c in
	sqlite) label="SQLite, 1 instance" ;;
	pg1) label="PostgreSQL, 1 instance" ;;
	pg2) label="PostgreSQL, 2 instances" ;;
	esac
	printf '  %-24s %9s %7s %7s %4s   %10s %7s %7s %7s   %12s %11s   %s\n' "$label" \
		"${R[$c,cycles]}" "${R[$c,cycles.p50]}" "${R[$c,cycles.p99]}" "${R[$c,cycles.err]}" \
		"${R[$c,list]}" "${R[$c,list.p50]}" "${R[$c,list.p99]}" "${R[$c,list.bad]}" \
		"${R[$c,static]}" "$(awk -v a="${R[$c,list]}" -v s="${R[$c,static]}" 'BEGIN {printf "%.2f", a / s}')" "${R[$c,rss]}"
done
printf '  %-24s %s\n' "static non-2xx:" "SQLite ${R[sqlite,static.bad]}, PostgreSQL 1 ${R[pg1,static.bad]}, PostgreSQL 2 ${R[pg2,static.bad]}"
printf '  %-24s %s\n' "console log errors:" "SQLite ${R[sqlite,logerrs]}, PostgreSQL 1 ${R[pg1,logerrs]}, PostgreSQL 2 ${R[pg2,logerrs]} (besides \"context canceled\" as wrk stops)"
printf '  %-24s %s\n' "PostgreSQL refusals:" "1 instance: ${R[pg1,refused]}; 2 instances: ${R[pg2,refused]}"
printf '  %-24s %s\n' "PostgreSQL commits:" "fsync, synchronous_commit, full_page_writes $durable"
if [ -n "$FAILED" ]; then
	echo "FAILED: some cycles had errors (see above)"
	exit 1
fi
