#!/bin/sh
# Prints this source tree's version and commit, one per line, for `make` to stamp into the
# binary and name the release tarball.
#   version: `git describe --tags --always --dirty --match 'v[0-9]*'` when it names a
#            release tag (v1.2.0, v1.2.0-3-gabc1234, ...-dirty); with no release tag yet,
#            v<VERSION file>-dev.g<hash>[.dirty] (semver with a v, as krew requires);
#            without git (a source tarball), v<VERSION file>.
#   commit:  the full commit hash, or "unknown" without git.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
base=""
[ -f "$root/VERSION" ] && base=$(tr -d ' \n' < "$root/VERSION")
base=${base#v}
if git -C "$root" rev-parse --git-dir >/dev/null 2>&1; then
  described=$(git -C "$root" describe --tags --always --dirty --match 'v[0-9]*')
  commit=$(git -C "$root" rev-parse HEAD)
  case "$described" in
    v[0-9]*) version=$described ;;
    *)
      # `--always` fell back to the abbreviated hash: no release tag is reachable.
      hash=${described%-dirty}
      version="v${base:-0.0.0}-dev.g$hash"
      [ "$hash" = "$described" ] || version="$version.dirty"
      ;;
  esac
else
  version="v${base:-0.0.0}"
  [ -n "$base" ] || version=dev
  commit=unknown
fi
echo "$version"
echo "$commit"
