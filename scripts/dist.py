#!/usr/bin/env python3
"""Build the release tarball, its checksum and the krew plugin manifest.

    scripts/dist.py --binary BIN --version V --os linux --arch amd64 --out DIR --url BASE_URL

Writes into DIR:
  kubectl-odh_V_OS_ARCH.tar.gz          one directory of that name holding the stripped
                                         binary, the kubectl-odh-mpijob launcher, the
                                         completion helpers, LICENSE, README.md, man/man1/*.1
  kubectl-odh_V_OS_ARCH.tar.gz.sha256   `sha256sum -c` format
  odh-mpijob.yaml                       krew manifest (plugin "odh-mpijob") with that sha256

The tarball is reproducible (sorted entries, fixed owner and times from SOURCE_DATE_EPOCH)
and holds only directories and regular files: krew's unpacker refuses anything else,
symbolic links included. Uses the standard library only; `strip` from binutils.
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

PLUGIN = "odh-mpijob"
KREW_API_VERSION = "krew.googlecontainertools.github.com/v1alpha2"
SHORT_DESCRIPTION = "Run and inspect Kubeflow MPIJobs (kubeflow.org/v2beta1)"
DESCRIPTION = """\
Submit, watch, debug and clean up Kubeflow MPIJobs (the mpi-operator's kubeflow.org/v2beta1
API) on OpenShift AI, Open Data Hub and any Kubernetes cluster. create validates a job with
the operator's own rules and checks RBAC and ResourceQuota before anything is sent; list and
get derive Pending/Queued/Running/Restarting/Succeeded/Failed/Suspended; describe ends with a
diagnosis; logs merges the launcher and workers; wait and create --wait exit with the job's
outcome (0 Succeeded, 3 Failed, 5 timeout), so CI scripts can branch on it.
"""
CAVEATS = """\
Installed as `kubectl odh-mpijob`, e.g. `kubectl odh-mpijob list -A`.
For the `kubectl odh mpijob ...` spelling of the docs, link the plugin once:
  ln -s kubectl-odh_mpijob "${KREW_ROOT:-$HOME/.krew}/bin/kubectl-odh-mpijob"
Shell completion through kubectl (>= 1.26) needs the helper on PATH:
  ln -s "$(dirname "$(readlink -f "${KREW_ROOT:-$HOME/.krew}/bin/kubectl-odh_mpijob")")/kubectl_complete-odh_mpijob" \\
        "${KREW_ROOT:-$HOME/.krew}/bin/"
The binary needs glibc >= 2.35, libcurl4 and libyaml-0-2 (Debian 12, Ubuntu 22.04 or newer).
"""

# (source relative to the repository, name in the tarball, executable)
PAYLOAD = [
    ("scripts/kubectl-odh-mpijob", "kubectl-odh-mpijob", True),
    ("completions/kubectl_complete-odh", "kubectl_complete-odh", True),
    ("completions/kubectl_complete-odh-mpijob", "kubectl_complete-odh-mpijob", True),
    ("completions/kubectl_complete-odh_mpijob", "kubectl_complete-odh_mpijob", True),
    ("LICENSE", "LICENSE", False),
    ("README.md", "README.md", False),
]
# What krew copies into the plugin's directory: the binary is `bin`, krew links it as
# kubectl-odh_mpijob; the completion helper for that name; the licence (krew-index requires one).
KREW_FILES = ["kubectl-odh", "kubectl_complete-odh_mpijob", "LICENSE"]


def add(tar, name, data, mode, mtime):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = mode
    info.mtime = mtime
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.type = tarfile.REGTYPE
    tar.addfile(info, io.BytesIO(data))


def add_dir(tar, name, mtime):
    info = tarfile.TarInfo(name)
    info.type = tarfile.DIRTYPE
    info.mode = 0o755
    info.mtime = mtime
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    tar.addfile(info)


def stripped(binary):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "kubectl-odh")
        subprocess.run(["strip", "-o", out, binary], check=True)
        with open(out, "rb") as f:
            return f.read()


def build_tarball(root, binary, top, mtime):
    files = {"kubectl-odh": (stripped(binary), 0o755)}
    for source, name, executable in PAYLOAD:
        with open(os.path.join(root, source), "rb") as f:
            files[name] = (f.read(), 0o755 if executable else 0o644)
    man_dir = os.path.join(root, "docs", "man")
    pages = sorted(p for p in os.listdir(man_dir) if p.endswith(".1"))
    if not pages:
        raise SystemExit("error: no man pages in docs/man (run make docs)")
    for page in pages:
        with open(os.path.join(man_dir, page), "rb") as f:
            files["man/man1/" + page] = (f.read(), 0o644)

    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
        directories = {top, top + "/man", top + "/man/man1"}
        for name in sorted(directories):
            add_dir(tar, name, mtime)
        for name in sorted(files):
            data, mode = files[name]
            add(tar, top + "/" + name, data, mode, mtime)
    packed = io.BytesIO()
    # filename="" and a fixed mtime keep the gzip header, and so the checksum, reproducible.
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=mtime, compresslevel=9) as gz:
        gz.write(raw.getvalue())
    return packed.getvalue()


def q(text):
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text)


def block(text, indent):
    pad = " " * indent
    return "|\n" + "".join(pad + line + "\n" if line else "\n" for line in text.rstrip("\n").split("\n"))


def manifest(version, os_name, arch, uri, sha256, top, homepage):
    lines = [
        "apiVersion: " + KREW_API_VERSION,
        "kind: Plugin",
        "metadata:",
        "  name: " + PLUGIN,
        "spec:",
        "  version: " + q(version),
    ]
    if homepage:
        lines.append("  homepage: " + q(homepage))
    lines += [
        "  shortDescription: " + q(SHORT_DESCRIPTION),
        "  description: " + block(DESCRIPTION, 4).rstrip("\n"),
        "  caveats: " + block(CAVEATS, 4).rstrip("\n"),
        "  platforms:",
        "  - selector:",
        "      matchLabels:",
        "        os: " + os_name,
        "        arch: " + arch,
        "    uri: " + q(uri),
        "    sha256: " + q(sha256),
        "    files:",
    ]
    for name in KREW_FILES:
        lines += ["    - from: " + q(top + "/" + name), "      to: \".\""]
    lines.append("    bin: kubectl-odh")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--os", default="linux")
    parser.add_argument("--arch", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--url", required=True, help="where the tarball will be downloaded from (no file name)")
    parser.add_argument("--homepage", default="")
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    args = parser.parse_args()

    if not args.version.startswith("v"):
        raise SystemExit("error: version %r: krew needs a semantic version starting with v" % args.version)
    if shutil.which("strip") is None:
        raise SystemExit("error: strip (binutils) is needed to build the release tarball")
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH") or 0)
    top = "kubectl-odh_%s_%s_%s" % (args.version, args.os, args.arch)
    tarball = top + ".tar.gz"
    data = build_tarball(args.root, args.binary, top, mtime)
    digest = hashlib.sha256(data).hexdigest()

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, tarball), "wb") as f:
        f.write(data)
    with open(os.path.join(args.out, tarball + ".sha256"), "w") as f:
        f.write("%s  %s\n" % (digest, tarball))
    uri = args.url.rstrip("/") + "/" + tarball
    with open(os.path.join(args.out, PLUGIN + ".yaml"), "w") as f:
        f.write(manifest(args.version, args.os, args.arch, uri, digest, top, args.homepage))
    for name in (tarball, tarball + ".sha256", PLUGIN + ".yaml"):
        print(os.path.join(args.out, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
