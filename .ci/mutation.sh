#!/usr/bin/env bash
# Mutation testing of the rule code with gremlins (pinned in go.mod as a Go
# tool): `make mutation`. Slow (every mutant rebuilds and reruns a package's
# tests), so it is not part of `make test`.
#
# Gremlins works per package; the files below are the ones it mutates, every
# other non-test file of the package is excluded. A mutant is run against
# its own package's tests only.
#
# Timing: gremlins times the coverage run (go test -cover of the package)
# and gives each mutant that time times the coefficient. GOFLAGS=-count=1
# makes the coverage run really run (a cached result would take a second
# and every mutant would "time out"; -vet=off: a mutant is judged by the
# tests alone; -ldflags=-w: test binaries without DWARF link in about
# half the time, and building is most of a mutant's run). The coefficient
# is generous because a mutant's run also rebuilds the package and the
# machine may be busy.
#
# Coverage: Go's coverage blocks leave out case clauses ("case bw > free:")
# and package-level declarations, so gremlins would call their mutants NOT
# COVERED and skip them; .ci/mutation-bin/go wraps the go command for
# gremlins and has .ci/casecover add them to the coverage profile.
#
# Usage: .ci/mutation.sh [PKG[:FILE,FILE...] ...]   (default: store
# handlers/console handlers/web handlers/api)
# PKG alone mutates the files listed below; PKG:FILE,... only those of them
# (to split a long run).
# Environment: MUTATION_WORKERS (default 1), MUTATION_TIMEOUT_COEFFICIENT
# (default 5), MUTATION_OUT (folder for the JSON results, default
# bin/mutation).
set -euo pipefail
cd "$(dirname "$0")/.."
export GOTOOLCHAIN=auto
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-count=1 -vet=off -ldflags=-w"

# The rule code: CIDR parsing, bandwidth steps, names and descriptions,
# quotas, the redundancy verdict, VLAN allocation, the interface bandwidth
# sums and redundancy rule, the login throttle (store); the post-login
# redirect check, CSRF and the strict form check in front of it, and the
# throttle's answers (handlers/console, handlers/web, handlers/api). Each
# mutant runs its own package's tests only (gremlins works per package): a
# mutant of handlers/web/throttle.go is not run against the throttle tests
# through the server (handlers, handlers/api).
declare -A files=(
	[store]="cidr.go rules.go quotas.go verdict.go interfaces.go security.go"
	[handlers/console]="auth.go session.go formcheck.go"
	[handlers/web]="throttle.go"
	[handlers/api]="throttle.go"
)

workers="${MUTATION_WORKERS:-1}"
coef="${MUTATION_TIMEOUT_COEFFICIENT:-5}"
out="${MUTATION_OUT:-bin/mutation}"
mkdir -p "$out"

tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
go build -o "$tools/casecover" .ci/casecover/main.go
# gremlins itself, at the version go.mod pins, run directly: "go tool"
# would put the toolchain's bin folder first on PATH, before the wrapper.
go build -o "$tools/gremlins" github.com/go-gremlins/gremlins/cmd/gremlins
MUTATION_REAL_GO=$(command -v go)
export MUTATION_REAL_GO MUTATION_CASECOVER="$tools/casecover"
export PATH="$PWD/.ci/mutation-bin:$PATH"

pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || pkgs=(store handlers/console handlers/web handlers/api)

for arg in "${pkgs[@]}"; do
	pkg=${arg%%:*}
	keep=" ${files[$pkg]:?unknown package $pkg} "
	name=${pkg//\//-}
	if [ "$arg" != "$pkg" ]; then
		keep=" ${arg#*:} "
		keep=${keep//,/ }
		name=${arg//[:,\/]/-}
	fi
	excludes=(--exclude-files /) # sub-packages
	for f in "$pkg"/*.go; do
		f=$(basename "$f")
		case "$f" in *_test.go) continue ;; esac
		case "$keep" in *" $f "*) continue ;; esac
		excludes+=(--exclude-files "^${f//./\\.}\$")
	done
	echo "== mutation: ./$pkg ($(echo $keep))"
	"$tools/gremlins" unleash "./$pkg" \
		--workers "$workers" --timeout-coefficient "$coef" \
		--output "$out/$name.json" "${excludes[@]}"
done
