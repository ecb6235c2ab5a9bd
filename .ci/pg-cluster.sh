#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster: installs Debian's
# postgresql when it is missing, initdb's a cluster into a temp folder as the
# postgres user, starts it on a free local port, exports its URL as
# DCCONSOLE_TEST_POSTGRES, runs "$@", then stops the cluster and removes the
# folder, whatever the command's outcome. When DCCONSOLE_TEST_POSTGRES is
# set already, the command runs against that cluster and nothing is started.
# PG_DURABLE=1 starts the cluster with durable commits (see below).
#
#   .ci/pg-cluster.sh go test ./store
set -euo pipefail

if [ -n "${DCCONSOLE_TEST_POSTGRES:-}" ]; then
	exec "$@"
fi

bindir=""
for d in /usr/lib/postgresql/*/bin; do
	[ -x "$d/initdb" ] && bindir=$d
done
if [ -z "$bindir" ]; then
	echo "installing Debian's postgresql"
	if [ "$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q postgresql;
	else sudo apt-get update -q && sudo apt-get install -y -q postgresql; fi
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && bindir=$d
	done
fi

as_pg() {
	# From / : the postgres user may not enter the caller's folder.
	if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

dir=$(mktemp -d /tmp/dcconsole-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user=$(if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi)

cleanup() {
	as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap cleanup EXIT

as_pg "$bindir/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; exit 1; }
# Tests create a database each and drop it after: fsync off keeps that fast
# (the cluster is thrown away); the durability tests are SQLite's.
# PG_DURABLE=1 (benchmarks, whose figures must come with durable commits)
# keeps fsync, synchronous_commit and full_page_writes at PostgreSQL's defaults.
fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ "${PG_DURABLE:-}" = 1 ] && fast=
as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $fast -c max_connections=400" start >/dev/null \
	|| { cat "$dir/server.log"; exit 1; }
echo "PostgreSQL $("$bindir/postgres" -V | awk '{print $3}') on 127.0.0.1:$port (throwaway cluster in $dir)"
export DCCONSOLE_TEST_POSTGRES="postgres://$user@127.0.0.1:$port/postgres?sslmode=disable"
export PATH="$bindir:$PATH"
rc=0
"$@" || rc=$?
exit $rc
