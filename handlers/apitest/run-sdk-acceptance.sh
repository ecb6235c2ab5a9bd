#!/usr/bin/env bash
# Runs the official SDK's own DCaaS v2 acceptance tests
# (github.com/opentelekomcloud/gophertelekomcloud/acceptance/openstack/dcaas/v2,
# the version pinned in go.mod) against a console started for them: built
# binary, free loopback port, fresh temp database, no provisioning delay.
# The server is stopped however the tests end.
#
#   handlers/apitest/run-sdk-acceptance.sh            # every test that passes against a faithful clone
#   SDK_TESTS='TestDirectConnectLifecycle|TestVirtualGatewayListing' handlers/apitest/run-sdk-acceptance.sh
#
# SDK_TESTS is a go test -run pattern. The default run fails unless all
# seven of its tests pass; a custom pattern fails unless at least one test
# passed, and the script says how many did. Before the tests run, the script
# creates what the gated tests need through the API and passes it on:
# OS_VPC_ID (the test project's VPC-001), DIRECT_CONNECT_ID (a connection
# at Biere), RUN_DCAAS_VIRTUAL_INTERFACE, OS_TENANT_ID (the project's ID).
#
# TestDCAASLifecycle is not in the default: it binds an interface whose
# remote endpoint group is the gateway's own local group, which the real
# service (and the console) refuses with DC.1105, and it then leaves its
# connection, group and gateway behind (its cleanup is registered after the
# refused step). Unless SDK_EXPECT_REFUSAL=0, the script runs it last, on a
# VPC of its own, checks that it fails with DC.1105 and nothing else, that no
# interface was left behind, and that its gateway and endpoint group can
# then be deleted.
set -euo pipefail
cd "$(dirname "$0")/../.."

BIN=${BIN:-bin/dcconsole}
# The default run: these seven, each of which must pass (a test missing
# from the SDK's package, renamed or not matched fails the run).
default_tests=(TestDirectConnectLifecycle TestDirectConnectEndpointGroupLifecycle TestVirtualGatewayListing
	TestVirtualGatewayLifecycle TestVirtualGatewayIPV6Lifecycle TestVirtualInterfaceListing TestVirtualInterfaceLifecycle)
if [[ -n ${SDK_TESTS:-} ]]; then
	expected=()
else
	SDK_TESTS="^($(IFS='|'; echo "${default_tests[*]}"))\$"
	expected=("${default_tests[@]}")
fi
SDK_EXPECT_REFUSAL=${SDK_EXPECT_REFUSAL:-1}
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
echo "run-sdk-acceptance: console at $url"

# api METHOD PATH [BODY]: one API call with the token; prints the body,
# fails on a status other than 2xx.
api() {
	curl -sS --fail-with-body -X "$1" -H "X-Auth-Token: $token" -H 'Content-Type: application/json' \
		${3:+--data "$3"} "$url$2"
}
# first_id: the first "id" of a JSON body.
first_id() { { grep -o '"id": *"[^"]*"' || true; } | head -n 1 | sed 's/.*"\([^"]*\)"$/\1/'; }

auth='{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","password":"'$password'","domain":{"name":"OTC00000000001000000001"}}}},"scope":{"project":{"name":"eu-de","domain":{"name":"OTC00000000001000000001"}}}}}'
token=$(curl -sS --fail-with-body -D - -o /dev/null -H 'Content-Type: application/json' --data "$auth" "$url/v3/auth/tokens" |
	tr -d '\r' | sed -n 's/^[Xx]-[Ss]ubject-[Tt]oken: //p')
project_id=$(api GET '/v3/projects?name=eu-de' | first_id)
vpc_id=$(api GET "/v1/$project_id/vpcs?name=VPC-001&fields=id" | first_id)
dc_id=$(api POST /v2.0/dcaas/direct-connects \
	'{"direct_connect":{"name":"dc-acceptance","port_type":"1G","location":"Biere","bandwidth":100,"provider":"OTC"}}' | first_id)
if [[ -z $token || ${#project_id} -ne 32 || -z $vpc_id || -z $dc_id ]]; then
	echo "run-sdk-acceptance: could not prepare the project (token, project $project_id, VPC $vpc_id, connection $dc_id)" >&2
	exit 1
fi
echo "run-sdk-acceptance: project $project_id, OS_VPC_ID=$vpc_id, DIRECT_CONNECT_ID=$dc_id"

# sdk_test PATTERN VPC: the acceptance tests matching PATTERN.
sdk_test() {
	env -u OS_CLOUD -u OS_CLIENT_CONFIG_FILE -u OS_PROJECT_ID -u OS_TENANT_NAME -u OS_TOKEN \
		OS_AUTH_URL="$url/v3" OS_USERNAME=admin OS_PASSWORD="$password" \
		OS_DOMAIN_NAME=OTC00000000001000000001 OS_PROJECT_NAME=eu-de OS_REGION_NAME=eu-de \
		OS_TENANT_ID="$project_id" OS_VPC_ID="$2" DIRECT_CONNECT_ID="$dc_id" \
		RUN_DCAAS_DIRECT_CONNECT=1 RUN_DCAAS_VIRTUAL_INTERFACE=1 \
		go test -count=1 -v -run "$1" "$PKG"
}

rc=0
echo "run-sdk-acceptance: running $PKG -run '$SDK_TESTS'"
sdk_test "$SDK_TESTS" "$vpc_id" 2>&1 | tee "$tmp/sdk.out" || rc=$?
if grep -q -- '--- SKIP' "$tmp/sdk.out"; then
	echo "run-sdk-acceptance: a test was skipped; the environment above is missing something it needs" >&2
	rc=1
fi
# go test passes when the pattern matches nothing: count the tests that
# passed (top-level "--- PASS: Name" lines of -v; subtests are indented).
passed=$(sed -n 's/^--- PASS: \([^ ]*\) .*/\1/p' "$tmp/sdk.out" | sort -u)
npassed=$(sed '/^$/d' <<<"$passed" | wc -l)
echo "run-sdk-acceptance: $npassed test(s) passed: $(echo $passed)"
if [[ ${#expected[@]} -gt 0 ]]; then
	missing=()
	for t in "${expected[@]}"; do
		grep -qx -- "$t" <<<"$passed" || missing+=("$t")
	done
	if [[ ${#missing[@]} -gt 0 ]]; then
		echo "run-sdk-acceptance: $npassed of the ${#expected[@]} expected tests passed; did not pass (or did not run): ${missing[*]}" >&2
		rc=1
	fi
elif [[ $npassed -eq 0 ]]; then
	echo "run-sdk-acceptance: no test passed; SDK_TESTS='$SDK_TESTS' matches no test of $PKG" >&2
	rc=1
fi

if [[ $rc -eq 0 && $SDK_EXPECT_REFUSAL != 0 ]]; then
	echo "run-sdk-acceptance: TestDCAASLifecycle, expected to be refused with DC.1105"
	vpc2=$(api POST "/v1/$project_id/vpcs" '{"vpc":{"name":"vpc-dcaas-acc","cidr":"172.16.0.0/16"}}' | first_id)
	out=$(sdk_test '^TestDCAASLifecycle$' "$vpc2" 2>&1) && refused=0 || refused=1
	# Quoted, so the expected "--- FAIL" is not read as a failing run.
	echo "$out" | grep -E '^(=== RUN|--- |\s+dcaas_acc_test)' | sed 's/^/run-sdk-acceptance: expected refusal: /' || true
	if [[ $refused -ne 1 ]] || ! grep -q 'DC.1105' <<<"$out"; then
		echo "run-sdk-acceptance: TestDCAASLifecycle was not refused with DC.1105:" >&2
		echo "$out" >&2
		rc=1
	else
		# What the refused step must not leave behind: an interface, or a
		# group or gateway that cannot be deleted.
		left=$(api GET '/v2.0/dcaas/virtual-interfaces?fields=id' | first_id)
		gw=$(api GET "/v2.0/dcaas/virtual-gateways?vpc_id=$vpc2&fields=id&fields=local_ep_group_id")
		gw_id=$(first_id <<<"$gw")
		eg_id=$({ grep -o '"local_ep_group_id": *"[^"]*"' <<<"$gw" || true; } | sed 's/.*"\([^"]*\)"$/\1/')
		if [[ -n $left || -z $gw_id || -z $eg_id ]] ||
			! api DELETE "/v2.0/dcaas/virtual-gateways/$gw_id" >/dev/null ||
			! api DELETE "/v2.0/dcaas/dc-endpoint-groups/$eg_id" >/dev/null; then
			echo "run-sdk-acceptance: the refused TestDCAASLifecycle left something behind (interface '$left', gateway '$gw_id', group '$eg_id')" >&2
			rc=1
		else
			echo "run-sdk-acceptance: TestDCAASLifecycle refused with DC.1105 as on the real service; nothing left behind"
		fi
	fi
fi
if [[ $rc -ne 0 ]]; then
	echo "run-sdk-acceptance: failed; the console's log:" >&2
	tail -n 50 "$tmp/server.log" >&2
fi
exit $rc
