"""The man pages and docs/reference/cli-reference.md are generated from the command
declarations (`kubectl-odh __gen-docs DIR`, `make docs`): the committed ones must be current,
every page must render with man, and every command and flag of -h must be in both."""
import filecmp
import os
import re
import shutil
import subprocess

import pytest

from harness import REPO_ROOT, odh_binary

DOCS = REPO_ROOT / "docs"
MAN = DOCS / "man"
REFERENCE = DOCS / "reference" / "cli-reference.md"


def odh(*args):
    r = subprocess.run([str(odh_binary())] + list(args), capture_output=True, text=True,
                       env=dict(os.environ, KUBECONFIG="/nonexistent"))
    assert r.returncode == 0, (args, r.stderr)
    return r.stdout


def help_tree(path=()):
    """Every visible command reached from -h, with the flags its -h lists: {path: [flags]}."""
    text = odh(*path, "-h")
    commands, flags, section = [], [], None
    for line in text.splitlines():
        if line in ("Commands:", "Flags:", "Global flags:", "Examples:", "Usage:"):
            section = line
            continue
        if not line.startswith("  ") or not line.strip():
            section = None if not line.strip() else section
            continue
        if section == "Commands:":
            commands.append(line.split()[0])
        elif section == "Flags:":
            flags.append(re.search(r"--[a-z0-9-]+", line).group(0))
    tree = {tuple(path): flags}
    for sub in commands:
        tree.update(help_tree(tuple(path) + (sub,)))
    return tree


@pytest.fixture(scope="module")
def tree():
    return help_tree()


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs")
    odh("__gen-docs", str(out))
    return out


def test_committed_docs_are_current(generated):
    stale = []
    committed = sorted(p.name for p in MAN.glob("*.1"))
    fresh = sorted(p.name for p in (generated / "man").glob("*.1"))
    if committed != fresh:
        stale.append("man pages differ: committed %s, generated %s" % (committed, fresh))
    for name in set(committed) & set(fresh):
        if not filecmp.cmp(MAN / name, generated / "man" / name, shallow=False):
            stale.append("docs/man/" + name)
    if not filecmp.cmp(REFERENCE, generated / "reference" / "cli-reference.md", shallow=False):
        stale.append("docs/reference/cli-reference.md")
    assert not stale, "generated docs are stale, run `make docs` and commit the result: %s" % stale


def test_one_page_per_command(tree, generated):
    pages = sorted(p.name for p in (generated / "man").glob("*.1"))
    assert pages == sorted("-".join(("kubectl-odh",) + path) + ".1" for path in tree)
    assert "kubectl-odh-mpijob-create.1" in pages


@pytest.mark.skipif(shutil.which("groff") is None, reason="groff is not installed (make deps installs groff-base)")
def test_every_page_renders_without_warnings(generated):
    for page in sorted((generated / "man").glob("*.1")):
        r = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", str(page)], capture_output=True, text=True)
        assert r.returncode == 0 and r.stderr == "", (page.name, r.stderr)


def render(page):
    r = subprocess.run(["man", "-l", str(page)], capture_output=True, text=True,
                       env=dict(os.environ, MANPAGER="cat", PAGER="cat", MANWIDTH="200", LANG="C.UTF-8"))
    assert r.returncode == 0, r.stderr
    return r.stdout


@pytest.mark.skipif(shutil.which("man") is None, reason="man is not installed (make deps installs man-db)")
def test_man_shows_synopsis_flags_defaults_examples_exit_codes(tree):
    text = render(MAN / "kubectl-odh-mpijob-create.1")
    for heading in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "GLOBAL OPTIONS", "EXAMPLES", "EXIT STATUS"):
        assert re.search(r"^%s$" % heading, text, re.M), heading
    assert "kubectl odh mpijob create NAME --image IMG" in text
    for flag in tree[("mpijob", "create")]:
        assert flag in text, flag
    for default in ("Default: 1.", "Default: OpenMPI.", "Default: Running.", "Default: none.",
                    "--dry-run alone means client.", "Default: the context's namespace."):
        assert default in text, default
    assert "kubectl odh mpijob create -f job.yaml --wait --timeout 2h" in text
    for code in ("0", "1", "2", "3", "4", "5", "6", "7", "8", "130"):
        assert re.search(r"^\s+%s\s+\S" % code, text, re.M), code
    # The hyphens of flags print as ASCII minus signs, so commands copied from the page work.
    assert "‐" not in text


@pytest.mark.skipif(shutil.which("man") is None, reason="man is not installed (make deps installs man-db)")
def test_every_page_lists_its_flags(tree):
    for path, flags in tree.items():
        text = render(MAN / ("-".join(("kubectl-odh",) + path) + ".1"))
        for flag in flags + ["--kubeconfig", "--namespace"]:
            assert flag in text, (path, flag)


def test_reference_has_every_command_flag_and_exit_code(tree):
    text = REFERENCE.read_text()
    sections = re.split(r"^## ", text, flags=re.M)
    by_title = {s.splitlines()[0]: s for s in sections[1:]}
    for path, flags in tree.items():
        title = " ".join(("kubectl odh",) + path)
        assert title in by_title, title
        for flag in flags:
            assert "`%s" % flag in by_title[title] or ", %s" % flag in by_title[title], (title, flag)
    assert "| `--mpi-implementation IMPL` | OpenMPI |" in by_title["kubectl odh mpijob create"]
    codes = re.findall(r"^\| (\d+) \|", by_title["Exit codes"], re.M)
    assert codes == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "130"]
    for flag in ("--kubeconfig", "--context", "--namespace", "--request-timeout"):
        assert flag in by_title["Global flags"], flag


def test_help_shows_declared_defaults():
    text = odh("mpijob", "create", "-h")
    assert re.search(r"--workers N\s+number of worker pods \(default: 1\)", text)
    assert "(default: OpenMPI)" in text and "(default: Running)" in text
    assert "(default: none; --dry-run alone: client)" in text
    assert "(default: completion)" in odh("mpijob", "wait", "-h")


def test_gen_docs_needs_a_directory():
    r = subprocess.run([str(odh_binary()), "__gen-docs"], capture_output=True, text=True)
    assert r.returncode == 2
    assert r.stdout == ""
    assert r.stderr.startswith("error: __gen-docs needs one directory")
    assert "__gen-docs" not in odh("-h")
