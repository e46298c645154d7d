#!/usr/bin/env bash
# Builds the libFuzzer targets (Tests/Fuzz/Fuzz*.swift) into .build-fuzz/fuzz-<name>, and
# their seed corpora into .build-fuzz/corpus-<name>.
#
# SwiftPM cannot build a libFuzzer binary (libFuzzer brings its own main), so this compiles
# the modules with swiftc directly: KubeClient, MPIJobs and ODHCLI, each as one object file
# plus a .swiftmodule, instrumented with -sanitize=fuzzer,address (coverage + ASan), and the
# curl shim with clang. A module is rebuilt only when one of its sources is newer than its
# object file. Every target links against the modules it imports.
#
#   Tests/Fuzz/build.sh            all targets
#   Tests/Fuzz/build.sh json yaml  some of them
#
# Environment: SWIFTC, CLANG (default: the ones next to `swiftc` on PATH), NICE (default
# `nice -n 10`: the build and the fuzzers share the machine).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FUZZ=$ROOT/Tests/Fuzz
OUT=$ROOT/.build-fuzz
SWIFTC=${SWIFTC:-$(command -v swiftc)}
CLANG=${CLANG:-$(dirname "$SWIFTC")/clang}
NICE=${NICE:-nice -n 10}

# name → the modules it needs (lowest layer first)
declare -A NEEDS=(
  [json]="KubeClient"
  [yaml]="KubeClient"
  [kubeconfig]="KubeClient"
  [quantity]="KubeClient MPIJobs"
  [duration]="KubeClient MPIJobs"
  [manifest]="KubeClient MPIJobs"
  [args]="KubeClient MPIJobs TrainingJobs TerminalUI ODHCLI"
  [watch]="KubeClient"
  [loglines]="KubeClient"
  [base64]="KubeClient"
  [complete]="KubeClient MPIJobs TrainingJobs TerminalUI ODHCLI"
)
declare -A FILES=(
  [json]=FuzzJSON [yaml]=FuzzYAML [kubeconfig]=FuzzKubeconfig [quantity]=FuzzQuantity
  [duration]=FuzzDuration [manifest]=FuzzManifest [args]=FuzzArguments
  [watch]=FuzzWatch [loglines]=FuzzLogLines [base64]=FuzzBase64 [complete]=FuzzComplete
)
ALL_TARGETS="json yaml kubeconfig quantity duration manifest args watch loglines base64 complete"
TARGETS=${*:-$ALL_TARGETS}
for t in $TARGETS; do
  [[ -n "${NEEDS[$t]:-}" ]] || { echo "build.sh: unknown fuzz target '$t' (known: $ALL_TARGETS)" >&2; exit 2; }
done

"$SWIFTC" -sanitize=fuzzer -version >/dev/null 2>&1 || {
  echo "build.sh: $SWIFTC does not support -sanitize=fuzzer (Linux Swift toolchains ship libFuzzer)" >&2
  exit 2
}

mkdir -p "$OUT/obj" "$OUT/modules" "$OUT/cmodules/CCurlShim" "$OUT/cmodules/CBuildStamp" "$OUT/cmodules/CTerminal"

# -O keeps every runtime check (bounds, overflow, unwrap); -g gives ASan reports lines.
SAN=(-sanitize=fuzzer,address)
CFLAGS_PKG=$(pkg-config --cflags libcurl yaml-0.1 2>/dev/null || true)
XCC=()
for f in $CFLAGS_PKG; do XCC+=(-Xcc "$f"); done
# One package name for every module, as SwiftPM gives them: `package` declarations cross them.
SWIFT_COMMON=(-O -g -swift-version 6 -parse-as-library -package-name kubectl_odh "${SAN[@]}"
  -I "$ROOT/Sources/CCurl" -I "$ROOT/Sources/CYAML" -I "$OUT/cmodules/CCurlShim" -I "$OUT/cmodules/CBuildStamp" -I "$OUT/cmodules/CTerminal"
  -I "$OUT/modules"
  "${XCC[@]}")
# The gold linker warns once per ASan helper symbol; lld does not.
LINKER=()
if "$SWIFTC" -use-ld=lld -version >/dev/null 2>&1 && command -v "$(dirname "$SWIFTC")/ld.lld" >/dev/null; then
  LINKER=(-use-ld=lld)
fi

# SwiftPM generates a C target's module map from its include/; so does this.
module_map() {
  local name=$1 header=$2
  cat >"$OUT/cmodules/$name/module.modulemap.tmp" <<EOF
module $name {
    header "$header"
    export *
}
EOF
  if ! cmp -s "$OUT/cmodules/$name/module.modulemap.tmp" "$OUT/cmodules/$name/module.modulemap"; then
    mv "$OUT/cmodules/$name/module.modulemap.tmp" "$OUT/cmodules/$name/module.modulemap"
  else
    rm -f "$OUT/cmodules/$name/module.modulemap.tmp"
  fi
}
module_map CCurlShim "$ROOT/Sources/CCurlShim/include/ccurl_shim.h"
module_map CBuildStamp "$ROOT/Sources/CBuildStamp/include/build_stamp.h"
module_map CTerminal "$ROOT/Sources/CTerminal/include/cterminal.h"

# True when $1 is missing or older than any of the remaining files.
stale() {
  local target=$1
  shift
  [[ -e "$target" ]] || return 0
  local f
  for f in "$@"; do [[ "$f" -nt "$target" ]] && return 0; done
  return 1
}

# build_c TARGET SOURCE OBJECT: a C target's one source file (ASan-instrumented).
build_c() {
  local target=$1 source=$ROOT/Sources/$1/$2 obj=$OUT/obj/$3
  if stale "$obj" "$source" "$ROOT/Sources/$target"/include/*.h; then
    echo "  CC   $target"
    # shellcheck disable=SC2086
    $NICE "$CLANG" -O1 -g -fsanitize=address $CFLAGS_PKG -I "$ROOT/Sources/$target/include" -c "$source" -o "$obj"
  fi
}

# build_module NAME: Sources/NAME/**/*.swift → obj/NAME.o + modules/NAME.swiftmodule
BUILT_MODULES=" "
build_module() {
  local name=$1
  [[ "$BUILT_MODULES" == *" $name "* ]] && return 0
  local obj=$OUT/obj/$name.o
  local sources=()
  mapfile -t sources < <(find "$ROOT/Sources/$name" -name '*.swift' | sort)
  # A lower module's interface changing means this one must be rebuilt too.
  local deps=()
  case $name in
    MPIJobs) deps=("$OUT/obj/KubeClient.o") ;;
    TerminalUI) deps=() ;;
    TrainingJobs) deps=("$OUT/obj/KubeClient.o" "$OUT/obj/MPIJobs.o") ;;
    ODHCLI) deps=("$OUT/obj/KubeClient.o" "$OUT/obj/MPIJobs.o" "$OUT/obj/TrainingJobs.o" "$OUT/obj/TerminalUI.o") ;;
  esac
  if stale "$obj" "${sources[@]}" "${deps[@]}" "$FUZZ/build.sh"; then
    echo "  SWIFT $name (${#sources[@]} files)"
    $NICE "$SWIFTC" "${SWIFT_COMMON[@]}" -module-name "$name" -wmo \
      -emit-module -emit-module-path "$OUT/modules/$name.swiftmodule" \
      -c "${sources[@]}" -o "$obj"
    # swiftc leaves an output whose bytes did not change untouched: mark it up to date.
    touch "$obj"
  fi
  BUILT_MODULES+="$name "
}

build_target() {
  local name=$1
  local modules=${NEEDS[$name]}
  local file=$FUZZ/${FILES[$name]}.swift
  local objs=("$OUT/obj/ccurl_shim.o" "$OUT/obj/build_stamp.o" "$OUT/obj/terminal_signals.o")
  local m
  for m in $modules; do build_module "$m"; objs+=("$OUT/obj/$m.o"); done
  local bin=$OUT/fuzz-$name
  if stale "$bin" "$file" "$FUZZ/FuzzSupport.swift" "${objs[@]}"; then
    echo "  LINK fuzz-$name"
    $NICE "$SWIFTC" "${SWIFT_COMMON[@]}" "${LINKER[@]}" -module-name "Fuzz_$name" \
      "$file" "$FUZZ/FuzzSupport.swift" "${objs[@]}" -lcurl -lyaml -lm -o "$bin"
    touch "$bin"
  fi
}

echo "fuzz: building into .build-fuzz/"
build_c CCurlShim shim.c ccurl_shim.o
build_c CBuildStamp build_stamp.c build_stamp.o
build_c CTerminal terminal_signals.c terminal_signals.o
for t in $TARGETS; do build_target "$t"; done

echo "fuzz: seed corpora"
python3 "$FUZZ/corpus.py" --root "$ROOT" --out "$OUT" $TARGETS
