"""What the Trainer and the JobSet controller make of a TrainJob and its training runtime: one batch/v1 Job per
replicated job of the runtime (`<trainjob>-<replicatedJob>-0`, Indexed) and its pods (`<job>-<index>-<5 chars>`),
labelled as kubernetes-sigs/jobset `labelAndAnnotateObject` and the Job controller label them. The TrainJob's
trainer (image, command, args, resourcesPerNode, numNodes) is applied to the runtime's `node` containers."""

from .meta import mf_entry, owner_ref
from .replicapods import replica_pod
from .util import new_uid, rand_suffix, rfc3339, sorted_map

API = "trainer.kubeflow.org/v1alpha1"
ANCESTOR = "trainer.kubeflow.org/trainjob-ancestor-step"


def plan(job, runtime):
    """[(replicated job name, pod count, pod template, is the trainer step)] from the runtime and the TrainJob."""
    rspec = runtime.get("spec") or {}
    ml = rspec.get("mlPolicy") or {}
    trainer = (job.get("spec") or {}).get("trainer") or {}
    nodes = int(trainer.get("numNodes") or ml.get("numNodes") or 1)
    mpi = ml.get("mpi") or {}
    out = []
    for rj in ((rspec.get("template") or {}).get("spec") or {}).get("replicatedJobs") or []:
        jmeta = ((rj.get("template") or {}).get("metadata") or {})
        is_trainer = (jmeta.get("labels") or {}).get(ANCESTOR) == "trainer"
        name = rj.get("name", "node")
        if name == "node":
            count = max(1, nodes - 1) if mpi.get("runLauncherAsNode") else nodes
        else:
            count = 1
        template = ((rj.get("template") or {}).get("spec") or {}).get("template") or {}
        out.append((name, count, template, is_trainer))
    return out


def node_override(job, is_trainer, rjob_name):
    """The trainer's fields over the first container: image everywhere, command and args in the trainer step,
    resourcesPerNode on every node (and on the launcher when it is the trainer step)."""
    trainer = (job.get("spec") or {}).get("trainer") or {}
    out = {}
    if trainer.get("image"):
        out["image"] = trainer["image"]
    if is_trainer:
        if trainer.get("command"):
            out["command"] = trainer["command"]
        if trainer.get("args"):
            out["args"] = trainer["args"]
    if trainer.get("resourcesPerNode") and (is_trainer or rjob_name == "node"):
        out["resources"] = trainer["resourcesPerNode"]
    return out


def torch_env(name, total_nodes):
    """The PET_* variables the torch plugin injects for torchrun."""
    return [{"name": "PET_NNODES", "value": str(total_nodes)}, {"name": "PET_NPROC_PER_NODE", "value": "auto"},
            {"name": "PET_NODE_RANK", "valueFrom": {"fieldRef": {
                "apiVersion": "v1", "fieldPath": "metadata.annotations['batch.kubernetes.io/job-completion-index']"}}},
            {"name": "PET_MASTER_ADDR", "value": "%s-node-0-0.%s" % (name, name)},
            {"name": "PET_MASTER_PORT", "value": "29400"}]


def jobs_and_pods(name, ns, uid, job, runtime, now):
    """[(replicated job name, Job object, [pods], is the trainer step)] for a TrainJob `name`."""
    torch = "torch" in ((runtime.get("spec") or {}).get("mlPolicy") or {})
    steps = plan(job, runtime)
    total_nodes = sum(c for n, c, _, _ in steps if n == "node")
    out = []
    for gindex, (rname, count, template, is_trainer) in enumerate(steps):
        jname = "%s-%s-0" % (name, rname)
        juid = new_uid()
        labels = {"jobset.sigs.k8s.io/jobset-name": name, "jobset.sigs.k8s.io/replicatedjob-name": rname,
                  "jobset.sigs.k8s.io/replicatedjob-replicas": "1", "jobset.sigs.k8s.io/job-index": "0",
                  "jobset.sigs.k8s.io/job-global-index": str(gindex), "jobset.sigs.k8s.io/restart-attempt": "0",
                  "jobset.sigs.k8s.io/jobset-uid": uid}
        jobobj = {"apiVersion": "batch/v1", "kind": "Job",
                  "metadata": {"name": jname, "namespace": ns, "uid": juid, "generation": 1,
                               "creationTimestamp": rfc3339(now), "labels": sorted_map(labels),
                               "ownerReferences": [owner_ref(API, "TrainJob", name, uid)],
                               "managedFields": [mf_entry("jobset", "Update", "batch/v1", {}, now)]},
                  "spec": {"parallelism": count, "completions": count, "completionMode": "Indexed",
                           "backoffLimit": 0, "suspend": False},
                  "status": {"startTime": rfc3339(now), "active": 0, "ready": 0, "terminating": 0,
                             "uncountedTerminatedPods": {}}}
        pods = []
        for i in range(count):
            plabels = dict(labels, **{"batch.kubernetes.io/controller-uid": juid, "batch.kubernetes.io/job-name": jname,
                                      "controller-uid": juid, "job-name": jname,
                                      "batch.kubernetes.io/job-completion-index": str(i)})
            pod = replica_pod(template, "%s-%d-%s" % (jname, i, rand_suffix(5)), ns, plabels,
                              owner_ref("batch/v1", "Job", jname, juid), "Never", now, "kube-controller-manager",
                              env=torch_env(name, total_nodes) if torch and rname == "node" else [],
                              annotations={"batch.kubernetes.io/job-completion-index": str(i)},
                              hostname="%s-%d" % (jname, i), subdomain=name,
                              first_container=node_override(job, is_trainer, rname))
            pod["metadata"]["finalizers"] = ["batch.kubernetes.io/job-tracking"]
            pods.append(pod)
        out.append((rname, jobobj, pods, is_trainer))
    return out
