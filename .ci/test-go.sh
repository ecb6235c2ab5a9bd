#!/usr/bin/env bash
# The Go tests of make test (run under .ci/pg-cluster.sh, which names a
# PostgreSQL cluster in DCCONSOLE_TEST_POSTGRES):
#  1. every package with the race detector, on SQLite (and the tests that
#     need PostgreSQL whatever the backend, on the cluster). The store
#     package's tests run one after the other and were the longest step
#     (8 minutes), so its tests are split in two halves, each in a go test
#     process of its own, beside the other packages;
#  2. at the same time, the store, handler and API suites again on
#     PostgreSQL (DCCONSOLE_TEST_BACKEND=postgres), without -race, which
#     step 1 applies to the same code.
# Each process's output is printed once all are done; any failure fails
# the script.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
others=$(go list ./... | grep -vx 'dcconsole/store')
mapfile -t tests < <(go test -list '.' ./store | grep -E '^(Test|Fuzz|Example)')
a=() b=()
for i in "${!tests[@]}"; do
	if ((i % 2 == 0)); then a+=("${tests[$i]}"); else b+=("${tests[$i]}"); fi
done
join() { local IFS='|'; echo "^($*)\$"; }

pids=()
# The PostgreSQL pass runs beside the race pass: much of both is waiting
# for the databases, and two cores were not kept busy one after the other.
DCCONSOLE_TEST_BACKEND=postgres go test -count=1 -timeout 30m ./store/... ./handlers/... >"$out/pg" 2>&1 & pg=$!
go test -race -count=1 -timeout 30m $others >"$out/1" 2>&1 & pids+=($!)
go test -race -count=1 -timeout 30m -run "$(join "${a[@]}")" ./store >"$out/2" 2>&1 & pids+=($!)
go test -race -count=1 -timeout 30m -run "$(join "${b[@]}")" ./store >"$out/3" 2>&1 & pids+=($!)
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
cat "$out/1"
echo "dcconsole/store, in two halves of ${#a[@]} and ${#b[@]} tests:"
cat "$out/2" "$out/3"
pgrc=0
wait "$pg" || pgrc=1
echo "the store, handler and API suites on PostgreSQL:"
cat "$out/pg"
[ "$rc" = 0 ] || echo "go test (race, SQLite) FAILED"
[ "$pgrc" = 0 ] || echo "go test (PostgreSQL) FAILED"
[ "$rc" = 0 ] && [ "$pgrc" = 0 ]
