"""make install, then kubectl's plugin mechanism finds the binary, the mpijob link and completion."""
import os
import shutil
import subprocess

import pytest

from harness import REPO_ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory, odh_bin_module):
    prefix = tmp_path_factory.mktemp("prefix")
    bindir = prefix / "bin"
    bindir.mkdir()
    # What `make install` does, with the binary under test (the Makefile's install target
    # builds a release binary first; CI runs that target separately in make test).
    subprocess.run(["make", "-s", "install-files", "PREFIX=%s" % prefix, "BIN=%s" % odh_bin_module],
                   cwd=REPO_ROOT, check=True)
    return bindir


@pytest.fixture(scope="module")
def odh_bin_module():
    from harness import odh_binary
    p = odh_binary()
    if not p.exists():
        pytest.fail("binary not built")
    return p


def test_install_layout(installed):
    assert os.access(installed / "kubectl-odh", os.X_OK)
    assert os.path.islink(installed / "kubectl-odh-mpijob")
    assert os.access(installed / "kubectl_complete-odh", os.X_OK)
    assert os.access(installed / "kubectl_complete-odh-mpijob", os.X_OK)
    man1 = installed.parent / "share" / "man" / "man1"
    pages = sorted(p.name for p in man1.glob("*.1"))
    assert pages == sorted(p.name for p in (REPO_ROOT / "docs" / "man").glob("*.1"))
    assert "kubectl-odh-mpijob-create.1" in pages


def test_man_finds_installed_pages(installed):
    if shutil.which("man") is None:
        pytest.skip("man is not installed (make deps installs man-db)")
    r = subprocess.run(["man", "-M", str(installed.parent / "share" / "man"), "kubectl-odh-mpijob-logs"],
                       capture_output=True, text=True, env=dict(os.environ, MANPAGER="cat", PAGER="cat"))
    assert r.returncode == 0, r.stderr
    assert "kubectl odh mpijob logs NAME" in r.stdout


def test_kubectl_finds_the_plugin(server, installed):
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl not installed")
    env = server.env({"PATH": "%s:%s" % (installed, os.environ.get("PATH", ""))})
    r = subprocess.run([kubectl, "odh", "mpijob", "list", "-A", "--kubeconfig", server.kubeconfig],
                       capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0].split()[:3] == ["NAMESPACE", "NAME", "STATUS"]
    # The -mpijob link reaches the verbs directly.
    direct = subprocess.run([str(installed / "kubectl-odh-mpijob"), "get", "pi-running", "-n", "team-a",
                             "--kubeconfig", server.kubeconfig, "-o", "name"], capture_output=True, text=True, env=env)
    assert direct.returncode == 0, direct.stderr
    assert direct.stdout.strip() == "mpijob.kubeflow.org/pi-running"
    # A missing job through kubectl keeps the exit code.
    missing = subprocess.run([kubectl, "odh", "mpijob", "get", "nosuch", "--kubeconfig", server.kubeconfig],
                             capture_output=True, text=True, env=env)
    assert missing.returncode == 4


def test_completion_helper(server, installed):
    env = server.env({"PATH": "%s:%s" % (installed, os.environ.get("PATH", ""))})
    r = subprocess.run([str(installed / "kubectl_complete-odh"), "mpijob", "get", "--kubeconfig", server.kubeconfig,
                        "-n", "team-a", "pi-r"], capture_output=True, text=True, env=env)
    assert r.returncode == 0
    lines = r.stdout.splitlines()
    assert "pi-running" in lines and lines[-1] == ":4"
    link = subprocess.run([str(installed / "kubectl_complete-odh-mpijob"), "li"], capture_output=True, text=True,
                          env=env)
    assert link.stdout.splitlines()[0].split("\t")[0] == "list"
    # kubectl offers `mpijob` itself when it finds kubectl-odh-mpijob: the helper leaves it out.
    top = subprocess.run([str(installed / "kubectl_complete-odh"), ""], capture_output=True, text=True, env=env)
    names = [line.split("\t")[0] for line in top.stdout.splitlines()]
    assert names == ["jobs", "usage", "version", "completion", ":4"], top
