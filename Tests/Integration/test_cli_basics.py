"""The binary's own surface: help, version, flag errors, exit codes without a server."""
import subprocess

import pytest


def test_version_text_and_json(odh):
    r = odh("version", kubeconfig="/nonexistent")
    assert r.code == 0, r.err
    assert r.out.startswith("kubectl-odh version ")
    assert r.err == ""
    j = odh("version", "-o", "json", kubeconfig="/nonexistent")
    assert j.code == 0
    assert j.json()["clientVersion"]["mpiJobAPI"] == "kubeflow.org/v2beta1"


@pytest.mark.parametrize("argv", [
    ["-h"], ["--help"], ["mpijob", "-h"], ["mpijob", "list", "-h"], ["mpijob", "get", "--help"],
    ["version", "-h"], ["completion", "-h"], ["-n", "x", "mpijob", "list", "--help"],
])
def test_help_on_every_level(odh, argv):
    r = odh(*argv, kubeconfig="/nonexistent")
    assert r.code == 0, r.err
    assert "Usage:" in r.out
    assert r.err == ""


def test_no_arguments_prints_help(odh):
    r = odh(kubeconfig="/nonexistent")
    assert r.code == 0
    assert "mpijob" in r.out


def test_unknown_flag_is_usage_error_with_suggestion(odh):
    r = odh("mpijob", "list", "--selectr", "a=b", kubeconfig="/nonexistent")
    assert r.code == 2
    assert r.out == ""
    assert "error: unknown flag: --selectr" in r.err
    assert "did you mean --selector?" in r.err


def test_unknown_command_suggests(odh):
    r = odh("mpijob", "lst", kubeconfig="/nonexistent")
    assert r.code == 2
    assert 'unknown command "lst"' in r.err
    assert "did you mean list?" in r.err


def test_missing_flag_value(odh):
    r = odh("mpijob", "list", "-n", kubeconfig="/nonexistent")
    assert r.code == 2
    assert "flag needs an argument" in r.err


def test_bad_output_format(odh):
    r = odh("mpijob", "list", "-o", "jsn", kubeconfig="/nonexistent")
    assert r.code == 2
    assert "did you mean -o json?" in r.err


def test_bad_request_timeout(odh):
    r = odh("mpijob", "list", "--request-timeout", "2x", kubeconfig="/nonexistent")
    assert r.code == 2
    assert "2x" in r.err


def test_get_without_names_is_usage_error(odh):
    r = odh("mpijob", "get", kubeconfig="/nonexistent")
    assert r.code == 2
    assert "at least one" in r.err


def test_missing_kubeconfig_file_is_not_found(odh):
    r = odh("mpijob", "list", kubeconfig="/nonexistent/config")
    assert r.code == 4
    assert 'kubeconfig file "/nonexistent/config" does not exist' in r.err
    assert r.out == ""


def test_malformed_kubeconfig_is_usage_error(odh, tmp_path):
    bad = tmp_path / "config"
    bad.write_text("clusters: [\n  - name: x\n   server: 1\n")
    r = odh("mpijob", "list", kubeconfig=str(bad))
    assert r.code == 2
    assert "not valid YAML" in r.err
    assert "Traceback" not in r.err and "Fatal" not in r.err


def test_kubeconfig_with_wrong_types(odh, tmp_path):
    bad = tmp_path / "config"
    bad.write_text("clusters: 5\n")
    r = odh("mpijob", "list", kubeconfig=str(bad))
    assert r.code == 2
    assert "clusters must be a list" in r.err


def test_no_kubeconfig_at_all(odh, tmp_path):
    env = {"HOME": str(tmp_path)}
    r = odh("mpijob", "list", kubeconfig=False, env=env)
    assert r.code == 1
    assert "no kubeconfig found" in r.err


def test_completion_scripts(odh):
    for shell in ["bash", "zsh", "fish"]:
        r = odh("completion", shell, kubeconfig="/nonexistent")
        assert r.code == 0
        assert "__complete" in r.out
    bad = odh("completion", "pwsh", kubeconfig="/nonexistent")
    assert bad.code == 2


def test_bash_completion_script_is_valid_bash(odh):
    r = odh("completion", "bash", kubeconfig="/nonexistent")
    check = subprocess.run(["bash", "-n"], input=r.out, text=True, capture_output=True)
    assert check.returncode == 0, check.stderr


def test_complete_backend_offers_verbs_and_flags(odh):
    r = odh("__complete", "mpijob", "", kubeconfig="/nonexistent")
    lines = r.out.splitlines()
    assert lines[-1] == ":4"
    # cobra's format: NAME<TAB>description for commands and flags.
    assert "list\tList MPIJobs with their status" in lines and "get" in [line.split("\t")[0] for line in lines]
    f = odh("__complete", "mpijob", "list", "--sort", kubeconfig="/nonexistent")
    assert f.out.splitlines()[0] == "--sort-by\tsort by name, age or status"
    v = odh("__complete", "mpijob", "list", "--output=ya", kubeconfig="/nonexistent")
    assert v.out.splitlines() == ["yaml", ":4"]
