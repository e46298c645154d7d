#!/usr/bin/env python3
"""Converts the upstream CRDs in Tests/Fixtures/crds/<set>/crds/*.yaml into the compact JSON the
test API server loads (fakekube/data/crds/<set>/<file>.json), with description texts removed.

The server is standard-library Python and has no YAML parser fit for 10,000-line CRDs; this
tool (PyYAML, a test-time dependency) runs when the fixtures change, and
test_crds.py::test_converted_crds_are_current fails when its output is stale.

Usage: python3 Tests/APIServer/tools/crds_to_json.py [--check]
"""

import json
import pathlib
import sys

import yaml

HERE = pathlib.Path(__file__).resolve().parent
FIXTURES = HERE.parent.parent / "Fixtures" / "crds"
OUT = HERE.parent / "fakekube" / "data" / "crds"
SETS = ("kueue", "training-operator", "trainer")


def strip(o):
    if isinstance(o, dict):
        return {k: strip(v) for k, v in o.items() if k != "description"}
    if isinstance(o, list):
        return [strip(x) for x in o]
    return o


def converted():
    """{relative output path: JSON text} for every CRD of every set."""
    out = {}
    for s in SETS:
        for f in sorted((FIXTURES / s / "crds").glob("*.yaml")):
            doc = yaml.safe_load(f.read_text())
            out["%s/%s.json" % (s, f.stem)] = json.dumps(strip(doc), separators=(",", ":"), sort_keys=True) + "\n"
    return out


def main(argv):
    want = converted()
    if "--check" in argv:
        stale = [p for p, text in want.items() if not (OUT / p).exists() or (OUT / p).read_text() != text]
        have = {str(p.relative_to(OUT)) for p in OUT.glob("*/*.json")}
        stale += sorted(have - set(want))
        for p in stale:
            print("stale: %s" % p)
        return 1 if stale else 0
    for p, text in want.items():
        (OUT / p).parent.mkdir(parents=True, exist_ok=True)
        (OUT / p).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
