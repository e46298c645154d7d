#!/usr/bin/env bash
# Prints the extra `swift build` flags of the release link (make build). Each one is used only when this
# machine's toolchain and C library support it, so a build never fails because of them. Why each exists
# (docs/performance.md, "Start-up"):
#   - libstdc++ linked in: the static Swift runtime needs it, and loading and relocating libstdc++.so costs
#     ~3.5 M instructions of every command's start. `-lstdc++` (from the toolchain's static-stdlib-args.lnk)
#     finds a linker script in .build/cxx-static that names the archives instead.
#   - lld with scripts/link-order.txt: the functions a short command runs are placed together, so starting
#     touches fewer pages of the 8 MB text (peak RSS 17.9 -> 16.3 MB for `get`).
#   - --no-export-dynamic: nothing looks the executable's own symbols up; exporting them only adds a symbol
#     table to load.
#   - -z pack-relative-relocs (glibc >= 2.36 reads it): 20,000 relative relocations in a few KB instead of
#     500 KB read at every start.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.build/cxx-static
CLANG=$(command -v clang || true)
flags=()

if [ -n "$CLANG" ]; then
    stdcxx=$("$CLANG" -print-file-name=libstdc++.a)
    gcceh=$("$CLANG" -print-file-name=libgcc_eh.a)
    if [ -f "$stdcxx" ] && [ -f "$gcceh" ]; then
        mkdir -p "$OUT"
        echo "GROUP($stdcxx $gcceh)" > "$OUT/libstdc++.so"
        flags+=(-Xswiftc -L -Xswiftc "$PWD/$OUT")
    fi
fi

probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
echo 'int main(void) { static int x; static int *p = &x; return *p; }' > "$probe/t.c"
if [ -n "$CLANG" ] && "$CLANG" -fuse-ld=lld -o "$probe/t" "$probe/t.c" 2>/dev/null && "$probe/t"; then
    flags+=(-Xswiftc -use-ld=lld -Xlinker --symbol-ordering-file="$PWD/scripts/link-order.txt"
            -Xlinker --no-warn-symbol-ordering -Xlinker --no-export-dynamic)
    if "$CLANG" -fuse-ld=lld -fPIE -pie -Wl,-z,pack-relative-relocs -o "$probe/r" "$probe/t.c" 2>/dev/null \
        && "$probe/r"; then
        flags+=(-Xlinker -z -Xlinker pack-relative-relocs)
    fi
fi
echo "${flags[@]}"
