#!/usr/bin/env python3
"""Write the version and commit into a built kubectl-odh binary, in place.

    scripts/stamp-version.py BINARY VERSION COMMIT

The binary holds one fixed-size slot (Sources/CBuildStamp) that starts with a marker; this
rewrites the bytes after the marker as "version=V\\ncommit=C\\n" padded with NUL bytes. No
code is recompiled, so stamping each commit costs nothing, and the slot's size never
changes. Refuses (exit 1) when the marker is missing or found twice, or the text is too long.
"""
import os
import re
import sys

MARKER = b"@(#)kubectl-odh build stamp\n"  # ODH_BUILD_STAMP_MARKER
SLOT_SIZE = 256  # ODH_BUILD_STAMP_SIZE
SAFE = re.compile(r"^[0-9A-Za-z.+_-]+$")


def stamp(path, version, commit):
    for name, value in (("version", version), ("commit", commit)):
        if not SAFE.match(value):
            raise ValueError("%s %r: only letters, digits and . + _ - are allowed" % (name, value))
    fields = ("version=%s\ncommit=%s\n" % (version, commit)).encode()
    room = SLOT_SIZE - len(MARKER) - 1  # the slot keeps a final NUL
    if len(fields) > room:
        raise ValueError("version and commit take %d bytes; the slot has %d" % (len(fields), room))
    with open(path, "r+b") as f:
        data = f.read()
        at = data.find(MARKER)
        if at < 0:
            raise ValueError("%s has no build stamp slot (not a kubectl-odh binary?)" % path)
        if data.find(MARKER, at + 1) >= 0:
            raise ValueError("%s has more than one build stamp marker" % path)
        f.seek(at + len(MARKER))
        f.write(fields + b"\0" * (room - len(fields)))


def main(argv):
    if len(argv) != 4:
        sys.stderr.write("usage: stamp-version.py BINARY VERSION COMMIT\n")
        return 2
    try:
        stamp(argv[1], argv[2], argv[3])
    except (OSError, ValueError) as e:
        sys.stderr.write("error: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
