#!/usr/bin/env bash
# vulncheck: govulncheck (pinned in go.mod as a tool) over every package.
# It fails on any finding except those listed, with the reason, in
# .ci/vulncheck-accepted.txt (findings without a fixed version in our
# major version that the code does not expose), and whenever govulncheck
# itself fails (its exit status is neither 0 nor 3).
#
# The vulnerability database comes from vuln.go.dev when it answers; on a
# machine that reaches only the Go module proxy it is built from the module
# golang.org/x/vulndb (its OSV files, indexed by its own cmd/indexdb) and
# kept in the Go cache folder until the module changes.
set -euo pipefail
cd "$(dirname "$0")/.."

db=""
if ! curl -sf -m 10 -o /dev/null https://vuln.go.dev/index/db.json 2>/dev/null; then
	info=$(GOFLAGS=-mod=mod go mod download -json golang.org/x/vulndb@latest)
	dir=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$info")
	ver=$(sed -n 's/^[[:space:]]*"Version": "\(.*\)",$/\1/p' <<<"$info")
	cache="$(go env GOCACHE)/dcconsole-vulndb/$ver"
	if [ ! -s "$cache/index/modules.json" ]; then
		echo "vulncheck: building the vulnerability database from golang.org/x/vulndb $ver" >&2
		(cd "$dir" && GOFLAGS=-mod=mod go build -o "$cache.indexdb" ./cmd/indexdb)
		rm -rf "$cache" && "$cache.indexdb" -vulns "$dir/data/osv" -out "$cache"
	fi
	db="-db=file://$cache"
fi

# govulncheck's exit status tells the outcomes apart (cmd/govulncheck doc,
# "Exit codes"): 0 with "No vulnerabilities found.", 3 when it found called
# vulnerabilities (each printed as "Vulnerability #N: GO-..."), anything else
# an error (1: the database, the packages or the tool itself failed; 2: usage).
# Text output, not -format json: that one exits 0 whatever it finds.
rc=0
out=$(go tool govulncheck $db ./... 2>&1) || rc=$?
found=$(grep -oE '^Vulnerability #[0-9]+: GO-[0-9]+-[0-9]+' <<<"$out" | awk '{print $3}' | sort -u || true)
show() { if [ -n "$out" ]; then echo "$out"; fi; }
case $rc in
0)
	if [ -n "$found" ] || ! grep -qx 'No vulnerabilities found.' <<<"$out"; then
		show >&2
		echo "vulncheck: govulncheck exited 0 without reporting \"No vulnerabilities found.\"" >&2
		exit 1
	fi
	;;
3)
	if [ -z "$found" ]; then
		show >&2
		echo "vulncheck: govulncheck exited 3 (vulnerabilities found) but no \"Vulnerability #N: GO-...\" line could be read" >&2
		exit 1
	fi
	;;
*)
	show >&2
	echo "vulncheck: govulncheck failed (exit status $rc); no result" >&2
	exit 1
	;;
esac
accepted=$(grep -oE '^GO-[0-9]+-[0-9]+' .ci/vulncheck-accepted.txt | sort -u)
new=$(comm -23 <(echo "$found" | sed '/^$/d') <(echo "$accepted"))
if [ -n "$new" ]; then
	show
	echo "vulncheck: new findings: $(echo $new)" >&2
	exit 1
fi
echo "vulncheck: clean ($(echo "$found" | sed '/^$/d' | wc -l) accepted finding(s): $(echo $found))"
