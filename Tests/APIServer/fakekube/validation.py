"""mpi-operator's controller-side validation (pkg/apis/kubeflow/validation, v0.8.0).

Run after the operator's in-memory defaulting. A failure only earns a Warning event
"Found validation errors: ..." on the MPIJob; no condition is set.
"""

import re

_DNS1035 = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
DNS1035_MSG = ("a lowercase RFC 1035 label must consist of lower case alphanumeric characters or '-', start with "
               "an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
               "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")


def _gov(v):
    if isinstance(v, str):
        return '"%s"' % v
    return str(v)


def operator_defaults(spec):
    """scheme.Default(mpiJob) on a copy: replicas and restartPolicy per role, cleanPodPolicy None."""
    rs = spec.get("mpiReplicaSpecs") or {}
    out = {}
    for role, r in rs.items():
        r = dict(r or {})
        if role == "Launcher":
            r.setdefault("replicas", 1)
            r.setdefault("restartPolicy", "OnFailure")
        elif role == "Worker":
            r.setdefault("replicas", 0)
            r.setdefault("restartPolicy", "Never")
        out[role] = r
    return out


def validate(job):
    """Return the list of error strings (field: message)."""
    errs = []
    name = job["metadata"]["name"]
    spec = job.get("spec") or {}
    rs = operator_defaults(spec)
    w = rs.get("Worker")
    n = int(w.get("replicas") or 0) if w else 0
    max_idx = str(n - 1) if n > 0 else "0"
    candidate = "%s-worker-%s" % (name, max_idx)
    msgs = []
    if len(candidate) > 63:
        msgs.append("must be no more than 63 characters")
    if not _DNS1035.match(candidate):
        msgs.append(DNS1035_MSG)
    for m in msgs:
        errs.append('metadata.name: Invalid value: "%s": %s' % (name, m))
    spw = spec.get("slotsPerWorker", 1)
    if spw is None:
        errs.append("spec.slotsPerWorker: Required value: must have number of slots per worker")
    elif isinstance(spw, int) and spw < 0:
        errs.append("spec.slotsPerWorker: Invalid value: %d: must be greater than or equal to 0" % spw)
    if not spec.get("sshAuthMountPath", "/root/.ssh"):
        errs.append("spec.sshAuthMountPath: Required value: must have a mount path for SSH credentials")
    impl = spec.get("mpiImplementation", "OpenMPI")
    if impl not in ("OpenMPI", "Intel", "MPICH"):
        errs.append('spec.mpiImplementation: Unsupported value: "%s": supported values: "Intel", "MPICH", "OpenMPI"'
                    % impl)
    rp = spec.get("runPolicy") or {}
    cpp = rp.get("cleanPodPolicy")
    if cpp is not None and cpp not in ("None", "Running", "All"):
        errs.append('spec.runPolicy.cleanPodPolicy: Unsupported value: "%s": supported values: "All", "None", '
                    '"Running"' % cpp)
    for f in ("ttlSecondsAfterFinished", "activeDeadlineSeconds", "backoffLimit"):
        v = rp.get(f)
        if isinstance(v, int) and v < 0:
            errs.append("spec.runPolicy.%s: Invalid value: %d: must be greater than or equal to 0" % (f, v))
    if not spec.get("mpiReplicaSpecs"):
        errs.append("spec.mpiReplicaSpecs: Required value: must have replica specs")
        return errs
    lau = rs.get("Launcher")
    if lau is None:
        errs.append("spec.mpiReplicaSpecs[Launcher]: Required value: must have Launcher replica spec")
    else:
        errs.extend(_replica_errs("Launcher", lau))
        if lau.get("replicas") != 1:
            errs.append("spec.mpiReplicaSpecs[Launcher].replicas: Invalid value: %s: must be 1"
                        % _gov(lau.get("replicas")))
    if w is not None:
        errs.extend(_replica_errs("Worker", w))
        if isinstance(w.get("replicas"), int) and w["replicas"] <= 0:
            errs.append("spec.mpiReplicaSpecs[Worker].replicas: Invalid value: %d: must be greater than or equal to 1"
                        % w["replicas"])
    return errs


def _replica_errs(role, r):
    errs = []
    p = "spec.mpiReplicaSpecs[%s]" % role
    if r.get("replicas") is None:
        errs.append("%s.replicas: Required value: must define number of replicas" % p)
    rpol = r.get("restartPolicy")
    if rpol not in ("Never", "OnFailure"):
        errs.append('%s.restartPolicy: Unsupported value: "%s": supported values: "Never", "OnFailure"' % (p, rpol))
    cs = ((r.get("template") or {}).get("spec") or {}).get("containers") or []
    if not cs:
        errs.append("%s.template.spec.containers: Required value: must define at least one container" % p)
    return errs


def event_message(errs):
    agg = errs[0] if len(errs) == 1 else "[" + ", ".join(errs) + "]"
    msg = "Found validation errors: " + agg
    if len(msg) > 1024:
        msg = msg[:1021] + "..."
    return msg
