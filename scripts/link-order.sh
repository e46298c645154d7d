#!/usr/bin/env bash
# Regenerates scripts/link-order.txt: the functions short commands run, which the release link places
# together (scripts/release-link-flags.sh). Needs valgrind and a release build; run it after changes that
# rename or add much start-up code. A stale list is harmless: names no longer in the binary are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${ODH_BIN:-$PWD/.build/release/kubectl-odh}
command -v valgrind >/dev/null || { echo "valgrind is needed" >&2; exit 1; }
DIR=$(mktemp -d /tmp/kubectl-odh-order.XXXXXX)
trap 'kill $(cat "$DIR/pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$DIR"' EXIT
python3 Tests/APIServer/kubeapiserver.py --dir "$DIR/server" --seed standard --parent-pid $$ >"$DIR/log" 2>&1 &
echo $! > "$DIR/pid"
for _ in $(seq 1 100); do [ -f "$DIR/server/server.json" ] && break; sleep 0.1; done
K=(--kubeconfig "$DIR/server/kubeconfig")
runs=(
    "-n team-a mpijob get pi -o json"
    "-n team-a mpijob get pi"
    "-n team-a mpijob list"
    "mpijob list -A -o json"
    "mpijob list -A -o yaml"
    "mpijob list -A -o wide --sort-by age"
    "-n team-a mpijob describe pi-failed"
    "mpijob list --help"
)
# valgrind 3.19 gives up on the DWARF the Swift 6.3 toolchain writes; the symbols are all it needs.
objcopy --strip-debug "$BIN" "$DIR/bin"
i=0
for args in "${runs[@]}"; do
    # A command's own exit code does not matter (describe of a failed job is not 0); a profile must exist.
    # shellcheck disable=SC2086
    valgrind --tool=callgrind --demangle=no --callgrind-out-file="$DIR/cg.$i" "$DIR/bin" "${K[@]}" $args >/dev/null 2>"$DIR/vg.$i" || true
    [ -s "$DIR/cg.$i" ] || { echo "callgrind failed on: $args" >&2; tail -5 "$DIR/vg.$i" >&2; exit 1; }
    i=$((i + 1))
done
# Functions in first-seen order, kept only if the binary defines them.
nm "$BIN" | awk '$2 ~ /^[tTwW]$/ {print $3}' | sort -u > "$DIR/defined"
cat "$DIR"/cg.* | sed -n 's/^c\{0,1\}fn=([0-9]*) \(.*\)$/\1/p' | sed "s/'[0-9]*$//" | awk '!seen[$0]++' \
    | grep -Fxf "$DIR/defined" > scripts/link-order.txt
echo "$(wc -l < scripts/link-order.txt) functions in scripts/link-order.txt"
