"""Kubeconfig exec credential plugins (client.authentication.k8s.io v1 and v1beta1)."""
import json
import os
import stat

import pytest
import yaml


def kubeconfig_with_exec(srv, tmp_path, script_body, api_version="client.authentication.k8s.io/v1", env=None):
    plugin = tmp_path / "get-token"
    plugin.write_text("#!/bin/sh\n" + script_body)
    plugin.chmod(plugin.stat().st_mode | stat.S_IEXEC)
    cfg = yaml.safe_load(open(srv.kubeconfig))
    exec_spec = {"apiVersion": api_version, "command": str(plugin), "args": ["--audience", "k8s"],
                 "installHint": "install get-token from your platform team", "interactiveMode": "Never"}
    if env:
        exec_spec["env"] = [{"name": k, "value": v} for k, v in env.items()]
    cfg["users"].append({"name": "exec-user", "user": {"exec": exec_spec}})
    cluster = next(c["context"]["cluster"] for c in cfg["contexts"] if c["name"] == "ci-bot")
    cfg["contexts"].append({"name": "exec", "context": {"cluster": cluster, "user": "exec-user", "namespace": "team-a"}})
    cfg["current-context"] = "exec"
    path = tmp_path / "kubeconfig"
    path.write_text(yaml.safe_dump(cfg))
    return str(path)


@pytest.mark.parametrize("version", ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"])
def test_exec_plugin_token(server, odh_bin, tmp_path, version):
    token = server.token("ci-bot")
    credential = json.dumps({"apiVersion": version, "kind": "ExecCredential", "status": {"token": token}})
    # The plugin checks what kubectl passes it: its args, its env and KUBERNETES_EXEC_INFO.
    body = ('[ "$1" = "--audience" ] && [ "$2" = "k8s" ] && [ "$TEAM" = "nlp" ] || exit 9\n'
            'echo "$KUBERNETES_EXEC_INFO" | grep -q ExecCredential || exit 8\n'
            "echo '%s'\n" % credential)
    path = kubeconfig_with_exec(server, tmp_path, body, api_version=version, env={"TEAM": "nlp"})
    r = server.odh("mpijob", "list", "-v", "7", kubeconfig=path)
    assert r.code == 0, r
    assert "pi-running" in r.out
    assert token not in r.err and token not in r.out
    assert "Bearer <masked>" in r.err


def test_failing_plugin_is_exit_6_with_the_install_hint(server, odh_bin, tmp_path):
    path = kubeconfig_with_exec(server, tmp_path, "echo 'login required' >&2\nexit 1\n")
    r = server.odh("mpijob", "list", kubeconfig=path)
    assert r.code == 6, r
    assert "credential plugin" in r.err
    assert "install get-token" in r.err
    assert r.out == ""


def test_plugin_printing_garbage(server, odh_bin, tmp_path):
    path = kubeconfig_with_exec(server, tmp_path, "echo 'not json'\n")
    r = server.odh("mpijob", "list", kubeconfig=path)
    assert r.code == 6
    assert "no valid ExecCredential" in r.err


def test_missing_plugin_binary(server, odh_bin, tmp_path):
    path = kubeconfig_with_exec(server, tmp_path, "true\n")
    cfg = yaml.safe_load(open(path))
    cfg["users"][-1]["user"]["exec"]["command"] = "/no/such/plugin"
    open(path, "w").write(yaml.safe_dump(cfg))
    r = server.odh("mpijob", "list", kubeconfig=path)
    assert r.code == 6
    assert "/no/such/plugin" in r.err


def test_impersonation(server, odh_bin):
    # admin may impersonate: as alice, team-b is forbidden exactly as for alice herself.
    r = server.odh("mpijob", "list", "-n", "team-b", "--as", "alice")
    assert r.code == 6, r
    assert 'User "alice"' in r.err
    ok = server.odh("mpijob", "list", "-n", "team-a", "--as", "alice")
    assert ok.code == 0, ok
    # alice may not impersonate anyone.
    denied = server.odh("mpijob", "list", "--as", "admin", context="alice")
    assert denied.code == 6
    assert "impersonate" in denied.err
