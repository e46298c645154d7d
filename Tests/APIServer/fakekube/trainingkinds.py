"""The training-operator v1 kinds as the simulated operator (trainingop.py) needs them: each kind's names (its
replica-spec field, controller, default container and restart policy, which replica is the master) and its pods,
made as the operator's createNewPod makes them (kubeflow/training-operator v1.9 pkg/controller.v1/common/pod.go)."""

from .meta import owner_ref
from .replicapods import replica_pod

GROUP, VERSION = "kubeflow.org", "v1"
API = GROUP + "/" + VERSION
MANAGER = "training-operator"


class Kind:
    def __init__(self, kind, plural, specs_key, controller, container, restart, masters, worker0_master):
        self.kind, self.plural, self.specs_key = kind, plural, specs_key
        self.controller, self.container, self.restart = controller, container, restart
        # Replica types whose pods are the master; without one, worker 0 is (where the operator says so).
        self.masters, self.worker0_master = masters, worker0_master

    def reason(self, what):
        return self.kind + what


KINDS = {k.plural: k for k in (
    Kind("PyTorchJob", "pytorchjobs", "pytorchReplicaSpecs", "pytorchjob-controller", "pytorch", "OnFailure",
         ("Master",), True),
    Kind("TFJob", "tfjobs", "tfReplicaSpecs", "tfjob-controller", "tensorflow", "Never", ("Chief", "Master"), True),
    Kind("XGBoostJob", "xgboostjobs", "xgbReplicaSpecs", "xgboostjob-controller", "xgboost", "Never", ("Master",),
         False),
    Kind("PaddleJob", "paddlejobs", "paddleReplicaSpecs", "paddlejob-controller", "paddle", "OnFailure",
         ("Master",), False),
    Kind("JAXJob", "jaxjobs", "jaxReplicaSpecs", "jaxjob-controller", "jax", "Never", (), True),
)}
# The order the operator reconciles replica types in is a map's; pods are made in this order here.
TYPE_ORDER = ["Master", "Chief", "PS", "Worker", "Evaluator"]


def replica_types(specs):
    return sorted(specs, key=lambda t: (TYPE_ORDER.index(t) if t in TYPE_ORDER else len(TYPE_ORDER), t))


def is_master(kind, specs, rt, index):
    if any(m in specs for m in kind.masters):
        return rt in kind.masters
    return kind.worker0_master and index == 0 and (rt == "Worker" or not kind.masters)


def rendezvous_env(kind, name, specs, rt, index):
    """What the operator's SetClusterSpec puts in the first container (PyTorch's MASTER_*, TF_CONFIG)."""
    world = sum(int(s.get("replicas", 1) or 0) for s in specs.values())
    if kind.kind == "PyTorchJob":
        master = "%s-master-0" % name if "Master" in specs else "%s-worker-0" % name
        rank = index + (1 if rt == "Worker" and "Master" in specs else 0)
        return [{"name": "PYTHONUNBUFFERED", "value": "1"}, {"name": "MASTER_PORT", "value": "23456"},
                {"name": "MASTER_ADDR", "value": master}, {"name": "WORLD_SIZE", "value": str(world)},
                {"name": "RANK", "value": str(rank)}]
    if kind.kind == "TFJob":
        return [{"name": "TF_CONFIG", "value": '{"cluster":{},"task":{"type":"%s","index":%d},"environment":"cloud"}'
                 % (rt.lower(), index)}]
    return []


def replica_pod_of(kind, name, ns, uid, specs, rt, index, now):
    """Pod `<job>-<type>-<index>` with the operator's labels, owned by the job."""
    spec = specs[rt]
    labels = {"training.kubeflow.org/operator-name": kind.controller, "training.kubeflow.org/job-name": name,
              "training.kubeflow.org/replica-type": rt.lower(), "training.kubeflow.org/replica-index": str(index)}
    if is_master(kind, specs, rt, index):
        labels["training.kubeflow.org/job-role"] = "master"
    return replica_pod(spec.get("template"), "%s-%s-%d" % (name, rt.lower(), index), ns, labels,
                       owner_ref(API, kind.kind, name, uid), pod_restart(spec.get("restartPolicy") or kind.restart),
                       now, MANAGER, env=rendezvous_env(kind, name, specs, rt, index))


def pod_restart(policy):
    # ExitCode is the operator's own policy: the pod itself never restarts.
    return "Never" if policy == "ExitCode" else policy


def replica_type(pod):
    rt = pod["metadata"]["labels"].get("training.kubeflow.org/replica-type", "worker")
    return next((t for t in TYPE_ORDER if t.lower() == rt), rt.capitalize())


def replica_index(pod):
    return int(pod["metadata"]["labels"].get("training.kubeflow.org/replica-index", "0"))


def gpus(pod):
    return any("nvidia.com/gpu" in ((c.get("resources") or {}).get("limits") or {})
               for c in pod["spec"]["containers"])
