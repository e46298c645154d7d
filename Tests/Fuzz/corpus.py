#!/usr/bin/env python3
"""Writes the seed corpora (.build-fuzz/corpus-<name>/seed-<sha1>) and libFuzzer
dictionaries (.build-fuzz/dict-<name>) from real inputs: the upstream CRDs and examples in
Tests/Fixtures, the API server captures' JSON bodies, the repository's
examples/, and the small seed lists in Tests/Fuzz/seeds/. Files that libFuzzer added to a
corpus directory on earlier runs are kept; seed files are rewritten.

Seed list files (seeds/*.txt) hold one seed per line, with backslash escapes (\\n, \\t,
\\x00, ...); lines starting with '#' are comments. Non-ASCII text is written as itself.
"""
import argparse
import glob
import hashlib
import json
import os
import re
import shlex
import sys

try:
    import yaml  # PyYAML, already a dependency of `make test`
except ImportError:  # the seeds are only less varied without it
    yaml = None

TARGETS = ["json", "yaml", "kubeconfig", "quantity", "duration", "manifest", "args", "watch", "loglines", "base64",
           "complete"]


def read(path):
    with open(path, "rb") as f:
        return f.read()


def seed_list(path):
    out = []
    for line in read(path).decode("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        # \-escapes to bytes; other bytes (UTF-8 included) pass through unchanged.
        out.append(line.encode("utf-8").decode("unicode_escape").encode("latin-1"))
    return out


def http_bodies(fixtures):
    """JSON bodies of the captured API server exchanges; watch streams also line by line."""
    bodies = []
    for path in sorted(glob.glob(os.path.join(fixtures, "apiserver-golden", "*.http"))):
        data = read(path)
        sep = data.find(b"\n\n")
        if sep < 0:
            continue
        body = data[sep + 2:].strip()
        if not body.startswith((b"{", b"[")):
            continue
        bodies.append(body)
        lines = [l for l in body.split(b"\n") if l.strip()]
        if len(lines) > 1:
            bodies.extend(lines)
    return bodies


def yaml_files(root, fixtures):
    paths = sorted(glob.glob(os.path.join(fixtures, "crds", "**", "*.yaml"), recursive=True))
    paths += sorted(glob.glob(os.path.join(root, "examples", "*.yaml")))
    return [(p, read(p)) for p in paths]


def yaml_to_json_seeds(files):
    out = []
    if yaml is None:
        return out
    for path, data in files:
        if len(data) > 100_000:
            continue
        try:
            for doc in yaml.safe_load_all(data):
                if doc is not None:
                    out.append(json.dumps(doc, default=str).encode())
                    out.append(json.dumps(doc, default=str, indent=2).encode())
        except yaml.YAMLError:
            pass
    return out


def string_literals(paths, pattern=r"^[A-Za-z][A-Za-z0-9_./-]{0,39}$"):
    words = set()
    for path in paths:
        for literal in re.findall(r'"((?:[^"\\\n]|\\.)*)"', read(path).decode("utf-8")):
            if re.match(pattern, literal):
                words.add(literal)
    return sorted(words)


YAML_TOKENS = [
    "---", "...", "- ", ": ", "? ", "&a ", "*a", "<<: ", "!!str ", "!!int ", "!!binary ", "!!map", "!!seq",
    "!tag ", "|", "|-", "|+", ">", ">-", "|2", "{", "}", "[", "]", ", ", "\"", "'", "#", "%YAML 1.1",
    "%TAG ! tag:x,2000:", "\\u", "\\x", "\\U", "\\N", "~", "null", "true", "yes", "Off", "0x1F", "0o17",
    "0b101", "1_000", ".inf", "-.Inf", ".NaN", "1e3", "-0", "12:30:45", "2001-12-14t21:59:43.10-05:00",
    "\n", "\n  ", "\t", "\r\n", "\xef\xbb\xbf", "\xc2\x85", "\xe2\x80\xa8",
]
JSON_TOKENS = [
    "{", "}", "[", "]", ":", ",", "\"", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0000",
    "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\uFFFF", "true", "false", "null", "-0", "0.5", "1e400", "1E-7",
    "123456789012345678901234567890", "\xef\xbb\xbf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xc0\x80",
]


def dict_entry(token):
    data = token.encode("latin-1") if all(ord(c) < 256 for c in token) else token.encode("utf-8")
    return '"' + "".join(chr(b) if 0x20 <= b < 0x7F and b not in (0x22, 0x5C) else "\\x%02X" % b for b in data) + '"'


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("targets", nargs="*")
    args = parser.parse_args()
    root, out = args.root, args.out
    fixtures = os.path.join(root, "Tests", "Fixtures")
    fuzz = os.path.join(root, "Tests", "Fuzz")
    seeds_dir = os.path.join(fuzz, "seeds")

    files = yaml_files(root, fixtures)
    yaml_texts = [data for _, data in files]
    bodies = http_bodies(fixtures)
    json_from_yaml = yaml_to_json_seeds(files)

    # Each source of YAML also as multi-document and list shapes, for the manifest reader.
    examples = [data for path, data in files if len(data) < 100_000]
    multi = [b"---\n" + b"\n---\n".join(examples[i:i + 2]) for i in range(0, len(examples), 2)]

    kubeconfigs = [read(p) for p in sorted(glob.glob(os.path.join(seeds_dir, "kubeconfig", "*")))]

    corpora = {
        "json": bodies + json_from_yaml + seed_list(os.path.join(seeds_dir, "json.txt")),
        "yaml": yaml_texts + multi + kubeconfigs + bodies[:20] + seed_list(os.path.join(seeds_dir, "yaml.txt")),
        "kubeconfig": kubeconfigs,
        "quantity": seed_list(os.path.join(seeds_dir, "quantity.txt")),
        "duration": seed_list(os.path.join(seeds_dir, "duration.txt")),
        "manifest": examples + multi + json_from_yaml + seed_list(os.path.join(seeds_dir, "manifest.txt")),
        "args": [],
    }
    for line in read(os.path.join(seeds_dir, "args.txt")).decode("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            corpora["args"].append(b"\0".join(w.encode("utf-8") for w in shlex.split(line)))

    # Watch and log bodies as the server sent them (the first byte picks the chunking).
    raw_bodies = {}
    for path in sorted(glob.glob(os.path.join(fixtures, "apiserver-golden", "*.http"))):
        data = read(path)
        sep = data.find(b"\n\n")
        if sep >= 0:
            raw_bodies[os.path.basename(path)] = data[sep + 2:]
    watch_bodies = [b for n, b in raw_bodies.items() if "watch" in n] + [b"\n".join(bodies[:3]) + b"\n"]
    log_bodies = [b for n, b in raw_bodies.items() if "-log-" in n]
    corpora["watch"] = [bytes([k]) + b for k in (1, 5, 16) for b in watch_bodies]
    corpora["loglines"] = [bytes([k]) + b for k in (1, 7, 22) for b in log_bodies] + [
        b"\x03" + b"2026-12-06T10:00:00.1Z a\n2026-12-06T10:00:00.1Z b\n2026-12-06T10:00:01Z c\n"]
    datas = re.findall(rb"-data: ([A-Za-z0-9+/=]+)", b"\n".join(kubeconfigs))
    corpora["base64"] = datas + [b"", b"QQ==", b"QUI=", b"QUJD", b"=", b"Q", b"Q===", b"\x00\xff"]
    corpora["complete"] = corpora["args"] + [b"mpijob\0", b"mpijob\0create\0--", b"mpijob\0logs\0-o\0",
                                             b"--context\0", b"-n\0", b"mpijob\0create\0--mpi-implementation=",
                                             b"completion\0"]

    odhcli = glob.glob(os.path.join(root, "Sources", "ODHCLI", "**", "*.swift"), recursive=True)
    options = set()
    for path in odhcli:
        text = read(path).decode("utf-8")
        options.update("--" + m for m in re.findall(r'long: "([^"]+)"', text))
        options.update("-" + m for m in re.findall(r'short: "([^"]+)"', text))
    validation = glob.glob(os.path.join(root, "Sources", "MPIJobs", "Validation", "*.swift"))
    kubeconfig_src = [os.path.join(root, "Sources", "KubeClient", "Kubeconfig", "KubeconfigFile.swift")]
    dicts = {
        "json": JSON_TOKENS,
        "yaml": YAML_TOKENS,
        "kubeconfig": YAML_TOKENS + [w + ":" for w in string_literals(kubeconfig_src)] + ["- name: "],
        "quantity": ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E", "e", "E",
                     "e-", "e+", ".", "-", "+", "9223372036854775807", "0.000000001"],
        "duration": ["ns", "us", "\xc2\xb5s", "\xce\xbcs", "ms", "s", "m", "h", ".", "-", "+", "0",
                     "9223372036854775807", "2562047h47m16.854775807s", "2562047h47m16.854775808s"],
        "manifest": YAML_TOKENS + [w + ":" for w in string_literals(validation)] + string_literals(validation),
        "args": sorted(options) + ["--", "-h", "=", "true", "false", "json", "yaml", "wide", "name", "table",
                                    "none", "client", "server", "mpijob", "create", "list", "get", "describe",
                                    "logs", "wait", "delete", "version", "completion", "__complete", "bash",
                                    "zsh", "fish", "30s", "-1", "0", "\x00", "kubectl-odh-mpijob"],
        "watch": JSON_TOKENS + ['{"type":"ADDED","object":', '{"type":"BOOKMARK","object":', '"ERROR"', '"DELETED"',
                                '"MODIFIED"', '"resourceVersion":"', '"metadata":', "\n", "\r\n"],
        "loglines": ["2026-12-06T10:00:00Z ", "2026-12-06T10:00:00.123456789Z ", ".", "Z", "T", "\n", " "],
        "base64": ["=", "==", "+", "/", "-", "_", "\n", " "],
    }
    dicts["complete"] = dicts["args"]

    for name in args.targets or TARGETS:
        directory = os.path.join(out, f"corpus-{name}")
        os.makedirs(directory, exist_ok=True)
        seeds = corpora[name]
        for data in seeds:
            digest = hashlib.sha1(data).hexdigest()
            with open(os.path.join(directory, f"seed-{digest}"), "wb") as f:
                f.write(data)
        with open(os.path.join(out, f"dict-{name}"), "w") as f:
            for token in dict.fromkeys(dicts[name]):
                f.write(dict_entry(token) + "\n")
        print(f"  corpus-{name}: {len(set(seeds))} seeds, dict-{name}: {len(set(dicts[name]))} tokens")


if __name__ == "__main__":
    main()
