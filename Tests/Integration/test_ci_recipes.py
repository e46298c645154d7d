"""examples/ci/ run against the test API server: the bash pipeline for a job that succeeds,
one that fails, one that times out and one refused by quota (and bad input); the GitHub
Actions workflow, the GitLab CI job and the Tekton Task/TaskRun are parsed, and their
`run:` / `script:` lines run as those systems would run them, with the credentials each
system provides (a kubeconfig secret, the GitLab agent's KUBECONFIG and context, a Tekton
step's service account: no kubeconfig, KUBERNETES_SERVICE_HOST/PORT and a token + CA)."""
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

import jobkit
import releasekit
from harness import REPO_ROOT, FakeCluster, odh_binary

CI = REPO_ROOT / "examples" / "ci"
PIPELINE = CI / "cicd-pipeline.sh"
SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin"


@pytest.fixture(scope="module")
def srv():
    """A server of its own: the recipes create jobs and fill quotas."""
    server = FakeCluster(seed="standard", tick=0.05).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def tools(tmp_path_factory):
    """What the CI image holds (examples/ci/Containerfile): kubectl-odh and odh-cicd-pipeline."""
    bindir = tmp_path_factory.mktemp("image-bin")
    os.symlink(odh_binary(), bindir / "kubectl-odh")
    os.symlink(PIPELINE, bindir / "odh-cicd-pipeline")
    return bindir


def job_manifest(name, outcome="Succeeded", workers=1, cpu="250m", memory="128Mi", duration=0.5):
    m = jobkit.manifest(name, outcome=outcome, duration=duration, workers=workers, memory=memory)
    launcher = m["spec"]["mpiReplicaSpecs"]["Launcher"]
    # Never: a failed launcher keeps its pod, so its log is still there to show.
    launcher["restartPolicy"] = "Never"
    small = {"cpu": "100m", "memory": "64Mi"}
    launcher["template"]["spec"]["containers"][0]["resources"] = {"requests": small, "limits": small}
    worker = m["spec"]["mpiReplicaSpecs"]["Worker"]["template"]["spec"]["containers"][0]
    worker["resources"] = {"requests": {"cpu": cpu, "memory": memory}, "limits": {"cpu": cpu, "memory": memory}}
    return yaml.safe_dump(m)


def quota_namespace(srv, cpu="2"):
    ns = jobkit.new_namespace(srv, "ci")
    quota = {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "ci-quota"},
             "spec": {"hard": {"requests.cpu": cpu, "requests.memory": "4Gi"}}}
    r = jobkit.api(srv).request("POST", "/api/v1/namespaces/%s/resourcequotas" % ns, quota)
    assert r.status == 201, r
    return ns


def ensure_namespace(srv, name):
    r = jobkit.api(srv).request("POST", "/api/v1/namespaces",
                                {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}})
    assert r.status in (201, 409), r


def phase(srv, ns, name):
    job = jobkit.get_job(srv, ns, name)
    return None if job is None else jobkit.conditions_true(job)


def run_pipeline(srv, tools, tmp_path, manifest_text, *args, env=None):
    path = tmp_path / "train.yaml"
    path.write_text(manifest_text)
    child = srv.env({"PATH": "%s:%s" % (tools, SYSTEM_PATH), "KUBECONFIG": srv.kubeconfig, **(env or {})})
    return subprocess.run(["bash", str(PIPELINE), str(path)] + list(args), capture_output=True, text=True,
                          env=child, timeout=120)


# ---------------------------------------------------------------------------- the bash pipeline
def test_pipeline_job_succeeds(srv, tools, tmp_path):
    ns = quota_namespace(srv)
    jobs_file = tmp_path / "jobs"
    r = run_pipeline(srv, tools, tmp_path, job_manifest("ok"), ns, env={"JOBS_FILE": str(jobs_file)})
    assert r.returncode == 0, r.stderr
    assert "cicd-pipeline: ok succeeded" in r.stderr
    assert jobs_file.read_text() == "mpijob.kubeflow.org/ok\n"
    assert "Succeeded" in phase(srv, ns, "ok")


def test_pipeline_job_fails_with_log_and_description(srv, tools, tmp_path):
    ns = quota_namespace(srv)
    artifacts = tmp_path / "artifacts"
    r = run_pipeline(srv, tools, tmp_path, job_manifest("bad", outcome="Failed"), ns,
                     env={"ARTIFACT_DIR": str(artifacts)})
    assert r.returncode == 3, r.stderr
    assert "cicd-pipeline: bad failed" in r.stderr
    log = (artifacts / "bad.launcher.log").read_text()
    assert "ERROR: mpirun exited with code 1" in log and log in r.stdout
    description = json.loads((artifacts / "bad.describe.json").read_text())
    assert description["kind"] == "MPIJobDescription"
    assert description["metadata"] == {"name": "bad", "namespace": ns}
    assert description["diagnosis"], description
    assert "Failed" in phase(srv, ns, "bad")


def test_pipeline_quota_refusal_creates_nothing(srv, tools, tmp_path):
    ns = quota_namespace(srv, cpu="1")
    r = run_pipeline(srv, tools, tmp_path, job_manifest("huge", workers=4, cpu="1"), ns)
    assert r.returncode == 8, r.stderr
    assert "does not fit the ResourceQuota" in r.stderr
    assert "refused by the namespace's ResourceQuota" in r.stderr
    assert jobkit.get_job(srv, ns, "huge") is None


def test_pipeline_timeout_leaves_the_job_and_explains(srv, tools, tmp_path):
    ns = quota_namespace(srv)
    r = run_pipeline(srv, tools, tmp_path, job_manifest("slow", outcome="Hang"), ns, env={"TIMEOUT": "1s"})
    assert r.returncode == 5, r.stderr
    assert "did not finish within 1s; it is left running" in r.stderr
    assert '"kind": "MPIJobDescription"' in r.stdout
    assert "Running" in phase(srv, ns, "slow")


def test_pipeline_bad_input(srv, tools, tmp_path):
    ns = quota_namespace(srv)
    assert run_pipeline(srv, tools, tmp_path, job_manifest("x"), ns, "extra").returncode == 2
    invalid = yaml.safe_load(job_manifest("inv"))
    invalid["spec"]["mpiReplicaSpecs"]["Worker"]["replicas"] = 0
    r = run_pipeline(srv, tools, tmp_path, yaml.safe_dump(invalid), ns)
    assert r.returncode == 2 and "refused as invalid" in r.stderr, r.stderr
    r = run_pipeline(srv, tools, tmp_path, job_manifest("nons"), "no-such-namespace")
    assert r.returncode == 4 and "not found" in r.stderr, r.stderr
    again = run_pipeline(srv, tools, tmp_path, job_manifest("twice"), ns)
    assert again.returncode == 0, again.stderr
    dup = run_pipeline(srv, tools, tmp_path, job_manifest("twice"), ns)
    assert dup.returncode == 7 and "exists already" in dup.stderr, dup.stderr


# ---------------------------------------------------------------------------- GitHub Actions
def expand_github(text, context):
    def one(match):
        expr = match.group(1).strip()
        assert expr in context, "the workflow uses ${{ %s }}, which this test does not provide" % expr
        return context[expr]
    return re.sub(r"\$\{\{(.*?)\}\}", one, text)


def run_github_job(workflow, workspace, context, base_env):
    """The steps of the one job as a runner executes them: `run:` with `bash -e`, env from
    workflow, job and step, $GITHUB_PATH honoured, `if: failure()` only after a failure.
    Returns (failed, [(step name, exit code)], [the `with:` of each action used])."""
    (job,) = workflow["jobs"].values()
    env = dict(base_env)
    for layer in (workflow.get("env") or {}, job.get("env") or {}):
        env.update({k: expand_github(str(v), context) for k, v in layer.items()})
    github_path = Path(context["runner.temp"]) / "github_path"
    github_path.write_text("")
    env.update(RUNNER_TEMP=context["runner.temp"], GITHUB_PATH=str(github_path), GITHUB_WORKSPACE=str(workspace))
    failed, ran, actions = False, [], []
    for step in job["steps"]:
        condition = step.get("if", "success()")
        if {"success()": failed, "failure()": not failed, "always()": False}[condition]:
            continue
        if "uses" in step:
            actions.append((step["uses"], {k: expand_github(str(v), context) for k, v in (step.get("with") or {}).items()}))
            continue
        step_env = dict(env, **{k: expand_github(str(v), context) for k, v in (step.get("env") or {}).items()})
        extra = [line for line in github_path.read_text().splitlines() if line]
        step_env["PATH"] = ":".join(list(reversed(extra)) + [env["PATH"]])
        script = Path(context["runner.temp"]) / "step.sh"
        script.write_text(expand_github(step["run"], context))
        r = subprocess.run(["bash", "-e", str(script)], cwd=workspace, env=step_env, capture_output=True, text=True,
                           timeout=120)
        ran.append((step.get("name"), r.returncode, r.stdout, r.stderr))
        failed = failed or r.returncode != 0
    return failed, ran, actions


@pytest.fixture(scope="module")
def github_workflow():
    workflow = yaml.safe_load((CI / "github-actions.yml").read_text())
    # YAML 1.1 reads the key `on` as true.
    assert set(workflow.get("on", workflow.get(True))) == {"workflow_dispatch", "push"}
    return workflow


def checkout(tmp_path, manifest_path, manifest_text):
    """The user's repository as actions/checkout (or GitLab) leaves it: the pipeline script
    vendored in ci/, the manifest where the recipe expects it."""
    workspace = tmp_path / "repo"
    (workspace / "ci").mkdir(parents=True)
    shutil.copy(PIPELINE, workspace / "ci" / "cicd-pipeline.sh")
    target = workspace / manifest_path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(manifest_text)
    return workspace


@pytest.mark.parametrize("outcome", ["Succeeded", "Failed"])
def test_github_actions_workflow(srv, github_workflow, tmp_path, outcome):
    rel = releasekit.release()
    name = "gh-" + outcome.lower()
    env = github_workflow["env"]
    ensure_namespace(srv, env["NAMESPACE"])
    workspace = checkout(tmp_path, env["MANIFEST"], job_manifest(name, outcome=outcome))
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    context = {"secrets.KUBECONFIG": Path(srv.kubeconfig).read_text(), "vars.ODH_RELEASE_URL": "file://%s" % rel.dir,
               "vars.ODH_VERSION": rel.version, "runner.temp": str(temp)}
    base = srv.env({"PATH": SYSTEM_PATH, "KUBECONFIG": None})
    failed, ran, actions = run_github_job(github_workflow, workspace, context, base)
    codes = {step: code for step, code, _, _ in ran}
    assert codes["Install kubectl-odh"] == 0, ran
    train = next(r for r in ran if r[0] == "Train")
    assert rel.version in train[2]  # `kubectl-odh version` ran from the installed release
    assert [a for a, _ in actions][0] == "actions/checkout@v4"
    if outcome == "Succeeded":
        assert not failed and codes["Train"] == 0, train
        assert len(actions) == 1
        assert "Succeeded" in phase(srv, env["NAMESPACE"], name)
    else:
        assert failed and codes["Train"] == 3, train
        upload = dict(actions)["actions/upload-artifact@v4"]
        saved = sorted(p.name for p in Path(upload["path"]).iterdir())
        assert saved == [name + ".describe.json", name + ".launcher.log"]


# ---------------------------------------------------------------------------- GitLab CI
@pytest.mark.parametrize("outcome", ["Succeeded", "Failed"])
def test_gitlab_ci_job(srv, tmp_path, outcome):
    rel = releasekit.release()
    pipeline = yaml.safe_load((CI / "gitlab-ci.yml").read_text())
    job = pipeline["train"]
    variables = {k: str(v) for k, v in job["variables"].items()}
    name = "gl-" + outcome.lower()
    ensure_namespace(srv, variables["NAMESPACE"])
    workspace = checkout(tmp_path, variables["MANIFEST"], job_manifest(name, outcome=outcome))
    # The agent's KUBECONFIG: one context per shared agent, named project-path:agent-name.
    config = yaml.safe_load(Path(srv.kubeconfig).read_text())
    config["contexts"] = [{"name": variables["KUBE_CONTEXT"], "context": {"cluster": "fake", "user": "admin"}}]
    config["current-context"] = ""
    agent_kubeconfig = tmp_path / "agent-kubeconfig"
    agent_kubeconfig.write_text(yaml.safe_dump(config))
    opt = tmp_path / "opt"
    script = "\n".join(job["before_script"] + job["script"]).replace("/opt/odh", str(opt))
    env = srv.env({"PATH": SYSTEM_PATH, "KUBECONFIG": str(agent_kubeconfig), "ODH_RELEASE_URL": "file://%s" % rel.dir,
                   "ODH_VERSION": rel.version, **variables})
    r = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=workspace, env=env, capture_output=True,
                       text=True, timeout=120)
    assert rel.version in r.stdout
    if outcome == "Succeeded":
        assert r.returncode == 0, r.stderr
        assert "Succeeded" in phase(srv, variables["NAMESPACE"], name)
    else:
        assert r.returncode == 3, r.stderr
        assert job["artifacts"]["when"] == "on_failure"
        (kept,) = job["artifacts"]["paths"]
        assert sorted(p.name for p in (workspace / kept).iterdir()) == [name + ".describe.json",
                                                                        name + ".launcher.log"]


# ---------------------------------------------------------------------------- Tekton
def tekton_substitute(text, values):
    def one(match):
        key = match.group(1)
        assert key in values, "the Task uses $(%s), which this test does not provide" % key
        return values[key]
    return re.sub(r"\$\(([a-z][a-zA-Z0-9_.-]*)\)", one, text)


def test_tekton_task_runs_with_the_service_account(srv, tools, tmp_path):
    docs = list(yaml.safe_load_all((CI / "tekton-mpijob.yaml").read_text()))
    by_kind = {d["kind"]: d for d in docs}
    task, run = by_kind["Task"], by_kind["TaskRun"]
    assert task["apiVersion"] == run["apiVersion"] == "tekton.dev/v1"
    assert run["spec"]["taskRef"]["name"] == task["metadata"]["name"]
    account = run["spec"]["serviceAccountName"]
    assert by_kind["ServiceAccount"]["metadata"]["name"] == account
    binding = by_kind["RoleBinding"]
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": account}]
    assert binding["roleRef"]["name"] == by_kind["Role"]["metadata"]["name"]
    mpijob_rule = next(r for r in by_kind["Role"]["rules"] if "mpijobs" in r["resources"])
    assert {"create", "get", "list", "watch"} <= set(mpijob_rule["verbs"])
    # Parameters: the TaskRun's over the Task's defaults; every one without a default given.
    params = {p["name"]: p.get("default") for p in task["spec"]["params"]}
    params.update({p["name"]: p["value"] for p in run["spec"]["params"]})
    assert all(v is not None for v in params.values()), params
    (workspace_decl,) = task["spec"]["workspaces"]
    assert [w["name"] for w in run["spec"]["workspaces"]] == [workspace_decl["name"]]
    # The step image is examples/ci/Containerfile's: it installs what `tools` simulates.
    containerfile = (CI / "Containerfile").read_text()
    assert "/usr/local/bin/kubectl-odh" in containerfile and "/usr/local/bin/odh-cicd-pipeline" in containerfile

    # The pod: the workspace (the ConfigMap's files), a results directory, the service
    # account's token, CA and namespace, no kubeconfig and no HOME config.
    source = tmp_path / "workspace-source"
    source.mkdir()
    (source / params["manifest"]).write_text(job_manifest("tekton-train"))
    results = tmp_path / "results"
    results.mkdir()
    sa = tmp_path / "serviceaccount"
    sa.mkdir()
    (sa / "token").write_text(srv.token("ci-bot"))
    shutil.copy(srv.ca_file, sa / "ca.crt")
    (sa / "namespace").write_text("team-a")
    values = {"params.%s" % k: v for k, v in params.items()}
    values["workspaces.%s.path" % workspace_decl["name"]] = str(source)
    for result in task["spec"]["results"]:
        values["results.%s.path" % result["name"]] = str(results / result["name"])
    (step,) = task["spec"]["steps"]
    assert tekton_substitute(step["image"], values) == params["image"]
    env = {"HOME": str(tmp_path / "home"), "PATH": "%s:%s" % (tools, SYSTEM_PATH),
           "KUBERNETES_SERVICE_HOST": "127.0.0.1", "KUBERNETES_SERVICE_PORT": str(srv.port),
           # Where kubectl-odh looks instead of /var/run/secrets/kubernetes.io/serviceaccount.
           "ODH_SERVICEACCOUNT_DIR": str(sa)}
    env.update({e["name"]: tekton_substitute(e["value"], values) for e in step["env"]})
    script = tmp_path / "step-script"
    script.write_text(tekton_substitute(step["script"], values))
    script.chmod(0o755)
    r = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert (results / "jobs").read_text() == "mpijob.kubeflow.org/tekton-train\n"
    assert "Succeeded" in phase(srv, "team-a", "tekton-train")
    # The job was created with the service account's token (ci-bot), not by someone else.
    posts = srv.requests(path="/namespaces/team-a/mpijobs$", method="POST")
    assert posts and posts[-1]["user"] == "ci-bot", posts[-1]
