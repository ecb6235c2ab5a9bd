#!/usr/bin/env bash
# Runs the official SDK's own DCaaS v2 acceptance tests
# (github.com/opentelekomcloud/gophertelekomcloud/acceptance/openstack/dcaas/v2,
# the version pinned in go.mod) against a console started for them: built
# binary, free loopback port, fresh temp database, no provisioning delay.
# The server is stopped however the tests end.
#
#   apitest/run-sdk-acceptance.sh            # the tests that pass today
#   SDK_TESTS='TestDirectConnectLifecycle|TestVirtualGatewayListing' apitest/run-sdk-acceptance.sh
#
# SDK_TESTS is a go test -run pattern. Add a test to the default once the
# console serves the resources it uses (see README, "API").
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-bin/dcconsole}
SDK_TESTS=${SDK_TESTS:-'^TestDirectConnectLifecycle$'}
PKG=github.com/opentelekomcloud/gophertelekomcloud/acceptance/openstack/dcaas/v2

[[ -x $BIN ]] || go build -o "$BIN" .

tmp=$(mktemp -d)
pid=
cleanup() {
	if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
		kill "$pid" && wait "$pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
DCCONSOLE_ADMIN_PASSWORD=$password "$BIN" -addr 127.0.0.1:0 -db "$tmp/sdk.db" -provision-delay 0s \
	>"$tmp/stdout" 2>"$tmp/server.log" &
pid=$!

url=
for _ in $(seq 100); do
	url=$(sed -n 's/^listening on \(http:.*\)$/\1/p' "$tmp/stdout")
	[[ -n $url ]] && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
if [[ -z $url ]]; then
	echo "run-sdk-acceptance: the console did not start:" >&2
	cat "$tmp/server.log" >&2
	exit 1
fi
echo "run-sdk-acceptance: console at $url, running $PKG -run '$SDK_TESTS'"

rc=0
env -u OS_CLOUD -u OS_CLIENT_CONFIG_FILE -u OS_PROJECT_ID -u OS_TENANT_ID -u OS_TENANT_NAME -u OS_TOKEN \
	OS_AUTH_URL="$url/v3" OS_USERNAME=admin OS_PASSWORD="$password" \
	OS_DOMAIN_NAME=OTC00000000001000000001 OS_PROJECT_NAME=eu-de OS_REGION_NAME=eu-de \
	RUN_DCAAS_DIRECT_CONNECT=1 \
	go test -count=1 -v -run "$SDK_TESTS" "$PKG" || rc=$?
if [[ $rc -ne 0 ]]; then
	echo "run-sdk-acceptance: failed; the console's log:" >&2
	tail -n 50 "$tmp/server.log" >&2
fi
exit $rc
