#!/usr/bin/env bash
# Installs, in one apt-get run, the Debian packages make test needs and this
# machine lacks: chromium (e2e), strace (TestFsyncBeforeAnswer), postgresql
# (.ci/pg-cluster.sh) and nginx (e2e/lb/run.sh). Services are never started:
# invoke-rc.d asks policy-rc.d whether it may, and while this runs a
# policy-rc.d that says no (101) is in place when the machine has none. The
# scripts that need a package also install it when run on their own; make
# test runs this first, so that its two groups of tests (browser and Go),
# which run side by side, never run apt-get at the same time.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v strace >/dev/null || need+=(strace)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need+=(postgresql)
[ -x /usr/sbin/nginx ] || need+=(nginx)
[ ${#need[@]} -gt 0 ] || exit 0

echo "installing Debian's ${need[*]}"
if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
	policy=/usr/sbin/policy-rc.d
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
	$SUDO chmod 755 "$policy"
fi
rc=0
{ $SUDO apt-get update -q && $SUDO apt-get install -y -q "${need[@]}"; } || rc=$?
[ -z "$policy" ] || $SUDO rm -f "$policy"
exit "$rc"
