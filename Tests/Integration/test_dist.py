"""make dist: the tarball, its checksum and the krew manifest, checked by krew's own rules
(kubernetes-sigs/krew internal/index/validation, cmd/validate-krew-manifest) and installed
the way krew installs a plugin; the binary needs only system libraries."""
import hashlib
import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

import releasekit
from harness import REPO_ROOT, kubectl_binary

# krew's constants.CurrentAPIVersion and PluginKind.
KREW_API_VERSION = "krew.googlecontainertools.github.com/v1alpha2"
SAFE_PLUGIN_NAME = re.compile(r"^[\w-]+$")
WINDOWS_FORBIDDEN = {"con", "prn", "aux", "nul"} | {"com%d" % i for i in range(1, 10)} | {"lpt%d" % i for i in
                                                                                          range(1, 10)}
# semver 2.0 with krew's leading v (krew: k8s.io/apimachinery ParseSemantic after checking the v).
SEMVER = re.compile(r"^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
                    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$")
KREW_PLATFORMS = [(o, a) for o in ("windows", "linux", "darwin") for a in ("386", "amd64", "arm64")] + [
    ("linux", "arm"), ("linux", "ppc64le")]
LICENSE_NAMES = {"license", "license.txt", "license.md", "licenses", "licenses.txt", "licenses.md", "copying",
                 "copying.txt"}
# What a binary on a machine with only libcurl and libyaml (besides the C/C++ runtime) may need.
ALLOWED_NEEDED = {"libcurl.so.4", "libyaml-0.so.2", "libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1",
                  "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "libpthread.so.0", "libdl.so.2", "librt.so.1",
                  "libutil.so.1"}


@pytest.fixture(scope="module")
def rel():
    return releasekit.release()


def selector_matches(selector, os_name, arch):
    labels = {"os": os_name, "arch": arch}
    if any(labels.get(k) != v for k, v in (selector.get("matchLabels") or {}).items()):
        return False
    for expr in selector.get("matchExpressions") or []:
        value = labels.get(expr["key"])
        if expr["operator"] == "In" and value not in expr["values"]:
            return False
        if expr["operator"] == "NotIn" and value in expr["values"]:
            return False
    return True


def validate_manifest(path, plugin):
    """krew's ValidatePlugin plus validate-krew-manifest's platform checks; returns the problems."""
    name = path.name[:-len(".yaml")] if path.name.endswith(".yaml") else None
    problems = []
    if name is None:
        problems.append("manifest file must end in .yaml")
    if plugin.get("apiVersion") != KREW_API_VERSION:
        problems.append("apiVersion %r is not %r" % (plugin.get("apiVersion"), KREW_API_VERSION))
    if plugin.get("kind") != "Plugin":
        problems.append("kind %r" % plugin.get("kind"))
    if not name or not SAFE_PLUGIN_NAME.match(name) or name.lower() in WINDOWS_FORBIDDEN:
        problems.append("unsafe plugin name %r" % name)
    if plugin.get("metadata", {}).get("name") != name:
        problems.append("metadata.name %r is not the file's name %r" % (plugin.get("metadata", {}).get("name"), name))
    spec = plugin.get("spec") or {}
    short = spec.get("shortDescription") or ""
    if not short or "\n" in short or "\r" in short:
        problems.append("shortDescription must be one non-empty line")
    if not SEMVER.match(spec.get("version") or ""):
        problems.append("version %r is not a semantic version starting with v" % spec.get("version"))
    platforms = spec.get("platforms") or []
    if not platforms:
        problems.append("no platforms")
    for i, p in enumerate(platforms):
        if not p.get("uri"):
            problems.append("platforms[%d]: uri not set" % i)
        if not re.match(r"^[a-f0-9]{64}$", p.get("sha256") or ""):
            problems.append("platforms[%d]: sha256 %r" % (i, p.get("sha256")))
        if not p.get("bin"):
            problems.append("platforms[%d]: bin not set" % i)
        files = p.get("files")
        if files is not None and not files:
            problems.append("platforms[%d]: files must be unspecified or non-empty" % i)
        for op in files or []:
            if not op.get("from") or not op.get("to"):
                problems.append("platforms[%d]: from and to must be set: %r" % (i, op))
            elif os.path.normpath(op["to"]) != op["to"]:
                problems.append("platforms[%d]: to %r is not a clean path" % (i, op["to"]))
        sel = p.get("selector")
        if not sel or (sel.get("matchLabels") is None and not sel.get("matchExpressions")):
            problems.append("platforms[%d]: empty selector" % i)
            continue
        keys = list((sel.get("matchLabels") or {}).keys()) + [e["key"] for e in sel.get("matchExpressions") or []]
        if any(k not in ("os", "arch") for k in keys):
            problems.append("platforms[%d]: selector keys %r (only os, arch)" % (i, keys))
        if not any(selector_matches(sel, o, a) for o, a in KREW_PLATFORMS):
            problems.append("platforms[%d]: selector matches no platform krew supports" % i)
    for o, a in KREW_PLATFORMS:
        matching = [i for i, p in enumerate(platforms) if p.get("selector") and selector_matches(p["selector"], o, a)]
        if len(matching) > 1:
            problems.append("platforms %r overlap on %s/%s" % (matching, o, a))
    return problems


def krew_install(plugin, tarball, krew_root):
    """What `kubectl krew install --manifest M --archive A` does on linux/amd64: unpack (only
    directories and regular files), apply `files` (a direct path, else a glob, into the
    plugin's directory), link `bin` as kubectl-<name with _>; returns the link."""
    platform = next(p for p in plugin["spec"]["platforms"] if selector_matches(p["selector"], "linux", "amd64"))
    extract = krew_root / "downloads"
    extract.mkdir(parents=True)
    with tarfile.open(tarball) as t:
        for member in t.getmembers():
            assert member.isdir() or member.isreg(), "krew cannot unpack %s (tar type %r)" % (member.name, member.type)
            assert ".." not in member.name and not member.name.startswith("/"), member.name
        t.extractall(extract)
    install = krew_root / "store" / plugin["metadata"]["name"] / plugin["spec"]["version"]
    install.mkdir(parents=True)
    for op in platform.get("files") or [{"from": "*", "to": "."}]:
        direct = extract / op["from"]
        if direct.exists():
            moves = [(direct, install / (direct.name if op["to"] == "." else op["to"]))]
        else:
            matched = sorted(extract.glob(op["from"]))
            assert matched, "no file in the archive matches %r" % op["from"]
            moves = [(m, install / op["to"] / m.name) for m in matched]
        for src, dst in moves:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(src), str(dst))
    binary = install / platform["bin"]
    assert binary.is_file(), "bin %r is not among the installed files" % platform["bin"]
    assert {p.name.lower() for p in install.rglob("*") if p.is_file()} & LICENSE_NAMES, "no LICENSE installed"
    bindir = krew_root / "bin"
    bindir.mkdir()
    link = bindir / ("kubectl-" + plugin["metadata"]["name"].replace("-", "_"))
    os.symlink(binary, link)
    return link


def test_manifest_follows_krews_rules(rel):
    assert validate_manifest(rel.manifest_path, rel.manifest) == []
    assert rel.manifest["metadata"]["name"] == "odh-mpijob"
    assert rel.tarball.name == "kubectl-odh_%s_linux_amd64.tar.gz" % rel.version


def test_validator_rejects_what_krew_rejects(rel):
    """The checks above can fail: each broken copy of the manifest is refused."""
    import copy
    broken = []
    m = copy.deepcopy(rel.manifest); m["apiVersion"] = "krew.googlecontainers.com/v1alpha2"; broken.append(m)
    m = copy.deepcopy(rel.manifest); m["spec"]["version"] = rel.version.lstrip("v"); broken.append(m)
    m = copy.deepcopy(rel.manifest); m["spec"]["platforms"][0]["sha256"] = "ABC"; broken.append(m)
    m = copy.deepcopy(rel.manifest); m["spec"]["platforms"][0]["files"][0]["to"] = "./x/"; broken.append(m)
    m = copy.deepcopy(rel.manifest); m["spec"]["platforms"][0]["selector"] = {"matchLabels": {"os": "plan9"}}
    broken.append(m)
    for m in broken:
        assert validate_manifest(rel.manifest_path, m), m


def test_checksum_matches_the_tarball(rel):
    digest = hashlib.sha256(rel.tarball.read_bytes()).hexdigest()
    assert rel.sha256_file.read_text() == "%s  %s\n" % (digest, rel.tarball.name)
    assert rel.manifest["spec"]["platforms"][0]["sha256"] == digest
    assert rel.manifest["spec"]["platforms"][0]["uri"] == "file://%s/%s" % (rel.dir, rel.tarball.name)
    check = subprocess.run(["sha256sum", "-c", rel.sha256_file.name], cwd=rel.dir, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_tarball_contents_and_every_path_the_manifest_names(rel):
    with tarfile.open(rel.tarball) as t:
        members = {m.name: m for m in t.getmembers()}
    expected = ["kubectl-odh", "kubectl-odh-mpijob", "kubectl_complete-odh", "kubectl_complete-odh-mpijob",
                "kubectl_complete-odh_mpijob", "LICENSE", "README.md", "man/man1/kubectl-odh-mpijob-create.1"]
    for name in expected:
        member = members.get(rel.top + "/" + name)
        assert member is not None and member.isreg(), name
    for name in expected[:5]:
        assert members[rel.top + "/" + name].mode & 0o111, "%s is not executable" % name
    pages = sorted(p.name for p in (REPO_ROOT / "docs" / "man").glob("*.1"))
    assert sorted(n.split("/")[-1] for n in members if "/man/man1/" in n) == pages
    platform = rel.manifest["spec"]["platforms"][0]
    for op in platform["files"]:
        assert op["from"] in members and members[op["from"]].isreg(), op
    installed = [os.path.basename(op["from"]) if op["to"] == "." else op["to"] for op in platform["files"]]
    assert platform["bin"] in installed


def test_krew_install_runs_as_kubectl_plugin(rel, server, tmp_path):
    link = krew_install(rel.manifest, rel.tarball, tmp_path / "krew")
    assert link.name == "kubectl-odh_mpijob"
    env = server.env({"PATH": "%s:/usr/bin:/bin" % link.parent, "LD_LIBRARY_PATH": ""})
    kubectl = kubectl_binary()
    if kubectl is None:
        pytest.skip("kubectl not installed")
    r = subprocess.run([kubectl, "odh-mpijob", "list", "-A", "--kubeconfig", server.kubeconfig], capture_output=True,
                       text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0].split()[:3] == ["NAMESPACE", "NAME", "STATUS"]
    help_text = subprocess.run([str(link), "-h"], capture_output=True, text=True, env=env)
    assert "kubectl odh-mpijob COMMAND" in help_text.stdout
    # The completion helper krew copied answers for the krew name.
    helper = link.resolve().parent / "kubectl_complete-odh_mpijob"
    comp = subprocess.run([str(helper), "ge"], capture_output=True, text=True, env=env)
    assert [line.split("\t")[0] for line in comp.stdout.splitlines()] == ["get", ":4"], comp


def test_binary_needs_only_system_libraries(rel, tmp_path):
    top = releasekit.unpack(rel, tmp_path)
    binary = top / "kubectl-odh"
    env = dict(os.environ, LD_LIBRARY_PATH="")
    ldd = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, env=env)
    assert ldd.returncode == 0, ldd.stderr
    assert "not found" not in ldd.stdout, ldd.stdout
    for line in ldd.stdout.splitlines():
        assert not re.search(r"swift|Foundation|dispatch|BlocksRuntime|icu", line, re.I), line
        if "=>" in line:
            path = line.split("=>")[1].split("(")[0].strip()
            assert re.match(r"^/(usr/)?lib(64|32|x32)?/", path), "not a system library: %s" % line
    dynamic = subprocess.run(["readelf", "-d", str(binary)], capture_output=True, text=True, check=True).stdout
    needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))
    assert {"libcurl.so.4", "libyaml-0.so.2", "libc.so.6"} <= needed
    assert needed <= ALLOWED_NEEDED, needed - ALLOWED_NEEDED
    assert "RPATH" not in dynamic and "RUNPATH" not in dynamic
    r = subprocess.run([str(binary), "version", "-o", "json"], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    import json
    info = json.loads(r.stdout)["clientVersion"]
    assert info["version"] == rel.version
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True)
    if head.returncode == 0:
        assert info["gitCommit"] == head.stdout.strip()


def test_unpacked_tarball_works_from_path(rel, server, tmp_path):
    """Unpacked onto PATH as it is: `kubectl odh …`, `kubectl odh mpijob …` (through the
    kubectl-odh-mpijob launcher, a script since the tarball holds no links) and completion."""
    top = releasekit.unpack(rel, tmp_path)
    kubectl = kubectl_binary()
    if kubectl is None:
        pytest.skip("kubectl not installed")
    env = server.env({"PATH": "%s:/usr/bin:/bin" % top, "LD_LIBRARY_PATH": ""})
    # kubectl picks the longest plugin name: kubectl-odh-mpijob, the launcher script.
    r = subprocess.run([kubectl, "odh", "mpijob", "get", "pi-running", "-n", "team-a", "-o", "name",
                        "--kubeconfig", server.kubeconfig], capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "mpijob.kubeflow.org/pi-running\n"
    missing = subprocess.run([kubectl, "odh", "mpijob", "get", "nosuch", "--kubeconfig", server.kubeconfig],
                             capture_output=True, text=True, env=env)
    assert missing.returncode == 4, missing.stderr
    version = subprocess.run([kubectl, "odh", "version"], capture_output=True, text=True, env=env)
    assert version.returncode == 0 and rel.version in version.stdout, version
    launcher_help = subprocess.run([str(top / "kubectl-odh-mpijob"), "-h"], capture_output=True, text=True, env=env)
    assert "kubectl odh mpijob COMMAND" in launcher_help.stdout
    comp = subprocess.run([str(top / "kubectl_complete-odh-mpijob"), "wa"], capture_output=True, text=True, env=env)
    assert [line.split("\t")[0] for line in comp.stdout.splitlines()] == ["wait", ":4"], comp


def test_tarball_is_reproducible(rel, tmp_path):
    """The same binary and sources give the same bytes, so the sha256 can be checked by anyone."""
    epoch = "1700000000"
    outs = []
    for i in range(2):
        out = tmp_path / str(i)
        subprocess.run(["python3", str(REPO_ROOT / "scripts" / "dist.py"), "--binary",
                        str(REPO_ROOT / ".build" / "release" / "kubectl-odh"), "--version", rel.version, "--arch",
                        "amd64", "--out", str(out), "--url", "https://example.invalid/dl"],
                       check=True, capture_output=True, env=dict(os.environ, SOURCE_DATE_EPOCH=epoch))
        outs.append((out / rel.tarball.name).read_bytes())
    assert outs[0] == outs[1]
