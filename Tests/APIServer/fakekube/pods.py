"""Pods and the launcher Job as mpi-operator, the Job controller and the API server's defaulting make them."""

from .meta import mf_entry, owner_ref, simple_fields
from .util import hex_digest, new_uid, order, rand_suffix, rfc3339, sorted_map

NODES = ["sim-node-1", "sim-node-2", "sim-node-3"]

CONTAINER_ORDER = ["name", "image", "command", "args", "workingDir", "ports", "envFrom", "env", "resources",
                   "resizePolicy", "restartPolicy", "volumeMounts", "volumeDevices", "livenessProbe",
                   "readinessProbe", "startupProbe", "lifecycle", "terminationMessagePath",
                   "terminationMessagePolicy", "imagePullPolicy", "securityContext", "stdin", "stdinOnce", "tty"]
SPEC_ORDER = ["volumes", "initContainers", "containers", "ephemeralContainers", "restartPolicy",
              "terminationGracePeriodSeconds", "activeDeadlineSeconds", "dnsPolicy", "nodeSelector",
              "serviceAccountName", "serviceAccount", "automountServiceAccountToken", "nodeName", "hostNetwork",
              "hostPID", "hostIPC", "shareProcessNamespace", "securityContext", "imagePullSecrets", "hostname",
              "subdomain", "affinity", "schedulerName", "tolerations", "hostAliases", "priorityClassName", "priority",
              "dnsConfig", "readinessGates", "runtimeClassName", "enableServiceLinks", "preemptionPolicy", "overhead",
              "topologySpreadConstraints", "setHostnameAsFQDN", "os", "hostUsers", "schedulingGates",
              "resourceClaims", "resources"]

TOLERATIONS = [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
                "tolerationSeconds": 300},
               {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
                "tolerationSeconds": 300}]

OP_LABELS = {"training.kubeflow.org/operator-name": "mpi-operator"}


def image_pull_policy(image):
    tail = image.rsplit("/", 1)[-1]
    if "@" in tail:
        return "IfNotPresent"
    if ":" not in tail or tail.endswith(":latest"):
        return "Always"
    return "IfNotPresent"


def image_id(image):
    ref = image.split("@")[0]
    repo = ref.rsplit(":", 1)[0] if ":" in ref.rsplit("/", 1)[-1] else ref
    if repo.count("/") == 0:
        repo = "docker.io/library/" + repo
    elif "." not in repo.split("/")[0]:
        repo = "docker.io/" + repo
    return "%s@sha256:%s" % (repo, hex_digest(image))


def full_image(image):
    ref = image
    first = ref.split("/")[0]
    if "/" not in ref:
        ref = "docker.io/library/" + ref
    elif "." not in first and ":" not in first:
        ref = "docker.io/" + ref
    return ref


def _api_access_volume():
    name = "kube-api-access-" + rand_suffix(5)
    vol = {"name": name, "projected": {"sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
        {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1",
                                                                      "fieldPath": "metadata.namespace"}}]}}],
        "defaultMode": 420}}
    mount = {"name": name, "readOnly": True, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}
    return vol, mount


def _resources(c):
    r = c.get("resources") or {}
    out = {}
    lim = r.get("limits") or {}
    req = dict(r.get("requests") or {})
    for k, v in lim.items():
        req.setdefault(k, v)
    if lim:
        out["limits"] = sorted_map({k: str(v) for k, v in lim.items()})
    if req:
        out["requests"] = sorted_map({k: str(v) for k, v in req.items()})
    for k in r:
        if k not in ("limits", "requests"):
            out[k] = r[k]
    return out


def make_container(c, extra_env, mounts):
    c = dict(c)
    env = list(c.get("env") or []) + extra_env
    if env:
        c["env"] = env
    c["resources"] = _resources(c)
    if "resizePolicy" not in c and any(k in (c["resources"].get("requests") or {}) for k in ("cpu", "memory")):
        c["resizePolicy"] = [{"resourceName": "cpu", "restartPolicy": "NotRequired"},
                             {"resourceName": "memory", "restartPolicy": "NotRequired"}]
    c["volumeMounts"] = list(c.get("volumeMounts") or []) + mounts
    c.setdefault("terminationMessagePath", "/dev/termination-log")
    c.setdefault("terminationMessagePolicy", "File")
    c.setdefault("imagePullPolicy", image_pull_policy(c.get("image", "")))
    if "ports" in c:
        c["ports"] = [dict({"protocol": "TCP"}, **p) for p in c["ports"]]
    return order(c, CONTAINER_ORDER)


def qos_class(containers):
    any_res = False
    guaranteed = True
    for c in containers:
        r = c.get("resources") or {}
        lim, req = r.get("limits") or {}, r.get("requests") or {}
        if lim or req:
            any_res = True
        if not ("cpu" in lim and "memory" in lim):
            guaranteed = False
        for k, v in req.items():
            if lim.get(k) != v:
                guaranteed = False
    if not any_res:
        return "BestEffort"
    return "Guaranteed" if guaranteed else "Burstable"


def _ssh_volume(job_name):
    return {"name": "ssh-auth", "secret": {"secretName": job_name + "-ssh", "items": [
        {"key": "ssh-privatekey", "path": "id_rsa"}, {"key": "ssh-publickey", "path": "id_rsa.pub"},
        {"key": "ssh-publickey", "path": "authorized_keys"}], "defaultMode": 384}}


def _pod_spec(tmpl_spec, containers, volumes, restart_policy, hostname, subdomain, dns_search=None):
    s = dict(tmpl_spec)
    s["volumes"] = list(s.get("volumes") or []) + volumes
    s["containers"] = containers
    s["restartPolicy"] = restart_policy
    s.setdefault("terminationGracePeriodSeconds", 30)
    s.setdefault("dnsPolicy", "ClusterFirst")
    s.setdefault("serviceAccountName", "default")
    s["serviceAccount"] = s["serviceAccountName"]
    s.setdefault("securityContext", {})
    s["hostname"] = hostname
    s["subdomain"] = subdomain
    s.setdefault("schedulerName", "default-scheduler")
    s["tolerations"] = list(s.get("tolerations") or []) + TOLERATIONS
    s.setdefault("priority", 0)
    if dns_search:
        dc = dict(s.get("dnsConfig") or {})
        dc["searches"] = list(dc.get("searches") or []) + [dns_search]
        s["dnsConfig"] = dc
    s.setdefault("enableServiceLinks", True)
    s.setdefault("preemptionPolicy", "PreemptLowerPriority")
    return order(s, SPEC_ORDER)


def _replica(job, role):
    return ((job.get("spec") or {}).get("mpiReplicaSpecs") or {}).get(role) or {}


def worker_count(job):
    w = _replica(job, "Worker")
    return int(w.get("replicas") or 0) if w else 0


_FIELDS_CACHE = {}


def _spec_fields(key, pspec):
    """managedFields for a pod spec: the same for every pod of a role, so computed once per job and role."""
    f = _FIELDS_CACHE.get(key)
    if f is None:
        if len(_FIELDS_CACHE) > 20000:
            _FIELDS_CACHE.clear()
        spec = dict(pspec)
        spec["volumes"] = [v for v in spec.get("volumes", []) if not v["name"].startswith("kube-api-access-")]
        spec["containers"] = [dict(c, volumeMounts=[m for m in c.get("volumeMounts", [])
                                                    if not m["name"].startswith("kube-api-access-")])
                              for c in spec["containers"]]
        spec.pop("hostname", None)
        f = _FIELDS_CACHE[key] = simple_fields({"spec": spec})
    return f


def _job_fields(job_uid, spec):
    key = (job_uid, "job")
    f = _FIELDS_CACHE.get(key)
    if f is None:
        s = dict(spec)
        s["selector"] = {}
        s["template"] = {"spec": spec["template"]["spec"]}
        f = _FIELDS_CACHE[key] = simple_fields({"spec": s})
    return f


def worker_pod(job, index, ts):
    spec = job["spec"]
    m = job["metadata"]
    name, ns = m["name"], m["namespace"]
    rs = _replica(job, "Worker")
    tmpl = rs.get("template") or {}
    tspec = tmpl.get("spec") or {}
    tmeta = tmpl.get("metadata") or {}
    ssh_path = spec.get("sshAuthMountPath") or "/root/.ssh"
    api_vol, api_mount = _api_access_volume()
    cs = []
    for i, c in enumerate(tspec.get("containers") or []):
        c = dict(c)
        extra = []
        mounts = []
        if i == 0:
            extra = [{"name": "K_MPI_JOB_ROLE", "value": "worker"}]
            if not c.get("command") and not c.get("args"):
                c["command"] = ["/usr/sbin/sshd", "-De"]
            mounts = [{"name": "ssh-auth", "mountPath": ssh_path}]
        cs.append(make_container(c, extra, mounts + [api_mount]))
    idx = index + 1 if spec.get("runLauncherAsWorker") else index
    labels = dict(tmeta.get("labels") or {})
    labels.update(OP_LABELS)
    labels["training.kubeflow.org/job-name"] = name
    labels["training.kubeflow.org/job-role"] = "worker"
    labels["training.kubeflow.org/replica-index"] = str(idx)
    pod_name = "%s-worker-%d" % (name, index)
    meta = {"name": pod_name, "namespace": ns, "uid": new_uid(), "creationTimestamp": rfc3339(ts),
            "labels": sorted_map(labels)}
    if tmeta.get("annotations"):
        meta["annotations"] = sorted_map(tmeta["annotations"])
    meta["ownerReferences"] = [owner_ref("kubeflow.org/v2beta1", "MPIJob", name, m["uid"])]
    pspec = _pod_spec(tspec, cs, [_ssh_volume(name), api_vol], rs.get("restartPolicy") or "Never",
                      pod_name, name, "%s.%s.svc.cluster.local" % (name, ns))
    pod = {"metadata": meta, "spec": pspec, "status": {"phase": "Pending", "qosClass": qos_class(cs)}}
    meta["managedFields"] = [mf_entry("mpi-operator", "Update", "v1",
                                      _spec_fields((m["uid"], "worker"), pspec), ts)]
    return pod


def _mpi_env(job):
    spec = job["spec"]
    impl = spec.get("mpiImplementation") or "OpenMPI"
    slots = str(spec.get("slotsPerWorker", 1))
    if impl == "Intel":
        env = [{"name": "I_MPI_HYDRA_HOST_FILE", "value": "/etc/mpi/hostfile"},
               {"name": "I_MPI_HYDRA_BOOTSTRAP_EXEC_EXTRA_ARGS", "value": "-o ConnectionAttempts=10"},
               {"name": "I_MPI_PERHOST", "value": slots}]
    elif impl == "MPICH":
        env = [{"name": "HYDRA_HOST_FILE", "value": "/etc/mpi/hostfile"},
               {"name": "HYDRA_LAUNCH_EXTRA_ARGS", "value": "-o ConnectionAttempts=10"}]
    else:
        env = [{"name": "OMPI_MCA_orte_keep_fqdn_hostnames", "value": "true"},
               {"name": "OMPI_MCA_orte_default_hostfile", "value": "/etc/mpi/hostfile"},
               {"name": "OMPI_MCA_plm_rsh_args", "value": "-o ConnectionAttempts=10"},
               {"name": "OMPI_MCA_orte_set_default_slots", "value": slots}]
    if not spec.get("runLauncherAsWorker"):
        env += [{"name": "NVIDIA_VISIBLE_DEVICES"}, {"name": "NVIDIA_DRIVER_CAPABILITIES"}]
    return env


def launcher_job(job, ts, suspend):
    m = job["metadata"]
    name, ns = m["name"], m["namespace"]
    rp = job["spec"].get("runPolicy") or {}
    rs = _replica(job, "Launcher")
    tmpl = rs.get("template") or {}
    uid = new_uid()
    tlabels = dict((tmpl.get("metadata") or {}).get("labels") or {})
    tlabels.update(OP_LABELS)
    tlabels["training.kubeflow.org/job-name"] = name
    tlabels["training.kubeflow.org/job-role"] = "launcher"
    if job["spec"].get("runLauncherAsWorker"):
        tlabels["training.kubeflow.org/replica-index"] = "0"
    spec = {"parallelism": 1, "completions": 1}
    if "activeDeadlineSeconds" in rp:
        spec["activeDeadlineSeconds"] = rp["activeDeadlineSeconds"]
    spec["backoffLimit"] = rp.get("backoffLimit", 6)
    spec["selector"] = {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}
    spec["manualSelector"] = False
    jl = dict(tlabels)
    jl.update({"batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": name + "-launcher",
               "controller-uid": uid, "job-name": name + "-launcher"})
    spec["template"] = {"metadata": {"creationTimestamp": None, "labels": sorted_map(jl)},
                        "spec": tmpl.get("spec") or {}}
    if "ttlSecondsAfterFinished" in rp:
        spec["ttlSecondsAfterFinished"] = rp["ttlSecondsAfterFinished"]
    spec["completionMode"] = "NonIndexed"
    spec["suspend"] = bool(suspend)
    spec["podReplacementPolicy"] = "TerminatingOrFailed"
    meta = {"name": name + "-launcher", "namespace": ns, "uid": uid, "generation": 1,
            "creationTimestamp": rfc3339(ts), "labels": {"app": name},
            "ownerReferences": [owner_ref("kubeflow.org/v2beta1", "MPIJob", name, m["uid"])],
            "managedFields": [mf_entry("mpi-operator", "Update", "batch/v1", _job_fields(m["uid"], spec), ts)]}
    status = {}
    if not suspend:
        status = {"startTime": rfc3339(ts), "active": 0, "ready": 0, "terminating": 0,
                  "uncountedTerminatedPods": {}}
    return {"kind": "Job", "apiVersion": "batch/v1", "metadata": meta, "spec": spec, "status": status}


def launcher_pod(job, jobobj, ts):
    spec = job["spec"]
    m = job["metadata"]
    name, ns = m["name"], m["namespace"]
    rs = _replica(job, "Launcher")
    tmpl = rs.get("template") or {}
    tspec = tmpl.get("spec") or {}
    tmeta = tmpl.get("metadata") or {}
    ssh_path = spec.get("sshAuthMountPath") or "/root/.ssh"
    api_vol, api_mount = _api_access_volume()
    cs = []
    for i, c in enumerate(tspec.get("containers") or []):
        extra, mounts = [], []
        if i == 0:
            extra = [{"name": "K_MPI_JOB_ROLE", "value": "launcher"}] + _mpi_env(job)
            mounts = [{"name": "ssh-auth", "mountPath": ssh_path}, {"name": "mpi-job-config", "mountPath": "/etc/mpi"}]
        cs.append(make_container(dict(c), extra, mounts + [api_mount]))
    jlabels = jobobj["spec"]["template"]["metadata"]["labels"]
    juid = jobobj["metadata"]["uid"]
    meta = {"name": "%s-launcher-%s" % (name, rand_suffix(5)), "generateName": name + "-launcher-", "namespace": ns,
            "uid": new_uid(), "creationTimestamp": rfc3339(ts), "labels": dict(jlabels)}
    if tmeta.get("annotations"):
        meta["annotations"] = sorted_map(tmeta["annotations"])
    meta["ownerReferences"] = [owner_ref("batch/v1", "Job", name + "-launcher", juid)]
    meta["finalizers"] = ["batch.kubernetes.io/job-tracking"]
    cfg = {"name": "mpi-job-config", "configMap": {"name": name + "-config", "items": [
        {"key": "hostfile", "path": "hostfile", "mode": 292},
        {"key": "discover_hosts.sh", "path": "discover_hosts.sh", "mode": 365}], "defaultMode": 420}}
    pspec = _pod_spec(tspec, cs, [_ssh_volume(name), cfg, api_vol], rs.get("restartPolicy") or "OnFailure",
                      name + "-launcher", name)
    pod = {"metadata": meta, "spec": pspec, "status": {"phase": "Pending", "qosClass": qos_class(cs)}}
    meta["managedFields"] = [mf_entry("kube-controller-manager", "Update", "v1",
                                      _spec_fields((m["uid"], "launcher"), pspec), ts)]
    return pod
