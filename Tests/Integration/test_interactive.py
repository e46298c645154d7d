"""mpijob create -i: the guided dialog, driven through a real terminal (tmux) against the test API server."""

import re

import pytest
import yaml

import jobkit
from tmuxkit import Terminal, exit_code, stty_unchanged, traced


@pytest.fixture
def cluster(module_server):
    """The module's server, answering as a cluster without Kueue: the group's discovery is a 404, as
    kube-apiserver answers for a group it does not serve (whatever the test server models)."""
    module_server.add_fault(method="GET", path=r"^/apis/kueue\.x-k8s\.io$", times=-1, action="status", code=404,
                            reason="NotFound", message="the server could not find the requested resource")
    try:
        yield module_server
    finally:
        module_server.clear_faults()


@pytest.fixture
def term(cluster, tmp_path):
    t = Terminal(cluster, tmp_path, width=120, height=50)
    yield t
    t.close()


def creates(cluster):
    return [r for r in cluster.requests(path=r"/mpijobs$") if r["method"] == "POST"]


def answer(term, prompt, text, timeout=10):
    """Waits for the step's prompt (the last line on screen) and types the answer."""
    term.wait_for(lambda screen: screen.rstrip().endswith(prompt), timeout=timeout)
    term.type(text)


def test_typed_answers_create_a_valid_job_and_a_bad_quantity_is_refused_at_its_step(cluster, term):
    cluster.clear_requests()
    # Flags given with -i become the defaults of their steps (and carry what no step asks).
    traced(term, cluster, "mpijob", "create", "-i", "-n", "team-a", "--launcher-cpu", "100m",
           "--launcher-memory", "128Mi", "--workers", "3")
    answer(term, "Job name:", "wiz-pi")
    answer(term, "Container image:", "mpioperator/mpi-pi:openmpi")
    answer(term, "Launcher command [the image's entrypoint]:", "mpirun -n 2 /home/mpiuser/pi")
    answer(term, "Workers [3]:", "2")
    answer(term, "Slots per worker [1 (auto)]:", "")
    answer(term, "GPUs per worker [0]:", "")
    answer(term, "CPU per worker [none]:", "lots")
    screen = term.wait_for(re.compile(r"error: --cpu: invalid quantity \"lots\".*\n.*\n?\s*CPU per worker \[none\]:"))
    # The same message the flag gets.
    flag = cluster.odh("mpijob", "create", "x", "--image", "i", "--cpu", "lots", "--dry-run=client")
    assert flag.code == 2 and 'invalid quantity "lots"' in flag.err
    answer(term, "CPU per worker [none]:", "500m")
    answer(term, "Memory per worker [none]:", "1Gi")
    answer(term, "MPI implementation [OpenMPI]:", "")
    screen = term.wait_for("[s]ubmit / [f]ile / [b]ack:")
    history = term.history()
    # No Kueue on this cluster: the queue step is left out, silently.
    assert "[9/9] MPI implementation" in history and "Queue" not in history
    assert "cpu: 500m" in history and "memory: 1Gi" in history
    assert "permission: you may create mpijobs.kubeflow.org here" in history
    assert re.search(r"team-a-quota\s+requests\.cpu\s+1100m\s+\d+\s+8\s+\d+\s+yes", history), history
    assert "→ ready to submit" in history
    assert ("kubectl odh mpijob create wiz-pi -n team-a --image mpioperator/mpi-pi:openmpi --workers 2 --cpu 500m"
            " --memory 1Gi --launcher-cpu 100m --launcher-memory 128Mi -- mpirun -n 2 /home/mpiuser/pi") in history
    assert creates(cluster) == []
    term.type("s")
    assert exit_code(term) == 0
    assert "mpijob.kubeflow.org/wiz-pi created" in term.history()
    assert stty_unchanged(term)
    assert len(creates(cluster)) == 1
    job = jobkit.get_job(cluster, "team-a", "wiz-pi")
    assert job["spec"]["mpiReplicaSpecs"]["Worker"]["replicas"] == 2
    worker = job["spec"]["mpiReplicaSpecs"]["Worker"]["template"]["spec"]["containers"][0]
    assert worker["resources"]["requests"] == {"cpu": "500m", "memory": "1Gi"}
    launcher = job["spec"]["mpiReplicaSpecs"]["Launcher"]["template"]["spec"]["containers"][0]
    assert launcher["command"] == ["mpirun", "-n", "2", "/home/mpiuser/pi"]
    assert launcher["resources"]["requests"] == {"cpu": "100m", "memory": "128Mi"}
    # Discovery asked whether Kueue is there.
    assert cluster.requests(path=r"^/apis/kueue\.x-k8s\.io$")


def test_a_job_over_quota_is_refused_before_anything_is_created_then_changed_and_saved(cluster, term):
    cluster.clear_requests()
    saved = term.dir / "big.yaml"
    traced(term, cluster, "mpijob", "create", "-i", "big", "-n", "team-a", "--image", "mpioperator/mpi-pi:openmpi")
    for prompt, text in [("Job name [big]:", ""), ("Container image [mpioperator/mpi-pi:openmpi]:", ""),
                         ("Launcher command [the image's entrypoint]:", ""), ("Workers [1]:", "4"),
                         ("Slots per worker [1 (auto)]:", ""), ("GPUs per worker [0]:", "2"),
                         ("CPU per worker [none]:", ""), ("Memory per worker [none]:", ""),
                         ("MPI implementation [OpenMPI]:", "")]:
        answer(term, prompt, text)
    term.wait_for("[s]ubmit / [f]ile / [b]ack:")
    history = term.history()
    assert re.search(r"team-a-quota\s+requests\.nvidia\.com/gpu\s+8\s+2\s+4\s+2\s+NO", history), history
    assert "→ does not fit: requests.nvidia.com/gpu (8 requested, 2 left)" in history
    term.type("s")
    term.wait_for(lambda s: "Nothing was created" in s and s.rstrip().endswith("[b]ack:"))
    history = term.history()
    assert 'error: mpijob "big" does not fit the ResourceQuota of namespace "team-a"; nothing was created' in history
    assert creates(cluster) == []
    # Back to the GPU step: fewer GPUs fit; save the manifest instead of submitting it.
    term.type("b")
    answer(term, "Change which step? [1]:", "6")
    for prompt, text in [("GPUs per worker [2]:", "0"), ("CPU per worker [none]:", ""),
                         ("Memory per worker [none]:", ""), ("MPI implementation [OpenMPI]:", "")]:
        answer(term, prompt, text)
    term.wait_for(lambda s: s.count("[b]ack:") >= 1 and "GPUs per worker [2]: 0" in term.history())
    answer(term, "[s]ubmit / [f]ile / [b]ack:", "f")
    answer(term, "Save to [big.yaml]:", str(saved))
    assert exit_code(term) == 0
    assert "Saved mpijob \"big\" to %s; nothing was sent" % saved in term.history()
    doc = yaml.safe_load(saved.read_text())
    assert doc["kind"] == "MPIJob" and doc["metadata"] == {"name": "big", "namespace": "team-a"}
    assert doc["spec"]["mpiReplicaSpecs"]["Worker"]["replicas"] == 4
    assert "nvidia.com/gpu" not in yaml.safe_dump(doc)
    assert creates(cluster) == []
    # The saved file is what `create -f` takes, unchanged.
    check = cluster.odh("mpijob", "create", "-f", str(saved), "--dry-run=client", "-o", "yaml")
    assert check.code == 0 and yaml.safe_load(check.out) == doc


def test_ctrl_c_at_a_step_creates_nothing(cluster, term):
    cluster.clear_requests()
    traced(term, cluster, "mpijob", "create", "-i", "-n", "team-a")
    answer(term, "Job name:", "never")
    term.wait_for(lambda s: s.rstrip().endswith("Container image:"))
    term.keys("C-c")
    assert exit_code(term) == 130
    assert "interrupted: nothing was created" in term.history()
    assert stty_unchanged(term)
    assert creates(cluster) == []
    assert jobkit.get_job(cluster, "team-a", "never") is None


def test_off_a_terminal_the_flags_are_named_instead(cluster, tmp_path):
    r = cluster.odh("mpijob", "create", "-i", "-n", "team-a")
    assert r.code == 2 and r.out == ""
    assert r.err.startswith("error: create -i asks its questions on a terminal")
    assert "hint: give the job as flags: kubectl odh mpijob create NAME --image IMAGE" in r.err
    for extra, words in [(["-f", str(tmp_path / "x.yaml")], "cannot be combined with -f"),
                         (["--dry-run=client"], "--dry-run does not apply"), (["-o", "yaml"], "-o does not apply")]:
        r = cluster.odh("mpijob", "create", "-i", *extra)
        assert r.code == 2 and words in r.err, r


def test_a_bad_flag_default_is_refused_before_asking(cluster, term):
    traced(term, cluster, "mpijob", "create", "-i", "-n", "team-a", "--memory", "16GB")
    assert exit_code(term) == 2
    assert '--memory: invalid quantity "16GB"' in term.history()
    assert "Job name" not in term.history()
