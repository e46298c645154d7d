#!/usr/bin/env bash
# Submit MPIJobs from a manifest, wait for them, and when one does not succeed print (and
# keep) its launcher log and `describe -o json`. The script exits with the job's exit code,
# so a CI system can branch on it.
#
#   cicd-pipeline.sh MANIFEST [NAMESPACE]
#
# Credentials: none are handled here. kubectl-odh finds them as kubectl does: KUBECONFIG,
# else ~/.kube/config, else the pod's service account (a Tekton step, a GitLab job on the
# Kubernetes executor). NAMESPACE defaults to the context's (or the service account's).
#
# Environment (all optional):
#   ODH           the plugin command (default: kubectl-odh)
#   ODH_CONTEXT   kubeconfig context to use (e.g. a GitLab agent's "group/project:agent")
#   TIMEOUT       how long to wait for each job (default: 2h)
#   ARTIFACT_DIR  also save NAME.launcher.log and NAME.describe.json there on failure
#   JOBS_FILE     write the submitted jobs there, one mpijob.kubeflow.org/NAME a line
#
# Exit status (docs/exit-codes.md): 0 every job Succeeded; 3 a job Failed; 5 timed out;
# 2 invalid manifest; 4 namespace, context, file or MPIJob CRD not found; 6 not allowed;
# 7 a job of that name exists; 8 refused by ResourceQuota or admission; 1 anything else;
# 130 interrupted. With several jobs, the first one that did not succeed decides.
set -uo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: cicd-pipeline.sh MANIFEST [NAMESPACE]" >&2
    exit 2
fi
manifest=$1
odh=${ODH:-kubectl-odh}
timeout=${TIMEOUT:-2h}
scope=()
[[ -n ${2:-} ]] && scope+=(--namespace "$2")
[[ -n ${ODH_CONTEXT:-} ]] && scope+=(--context "$ODH_CONTEXT")

say() { echo "cicd-pipeline: $*" >&2; }

# Everything a reader of the CI log needs when a job did not succeed.
diagnose() {
    local name=$1
    say "launcher log of $name (last 200 lines):"
    "$odh" mpijob logs "$name" "${scope[@]}" --tail 200 | tee ${ARTIFACT_DIR:+"$ARTIFACT_DIR/$name.launcher.log"}
    say "describe $name -o json:"
    "$odh" mpijob describe "$name" "${scope[@]}" -o json | tee ${ARTIFACT_DIR:+"$ARTIFACT_DIR/$name.describe.json"}
}

[[ -n ${ARTIFACT_DIR:-} ]] && mkdir -p "$ARTIFACT_DIR"

# 1. Submit. kubectl-odh validates each job with the mpi-operator's rules and checks RBAC
#    and quota first: on any refusal nothing was created.
jobs=$("$odh" mpijob create -f "$manifest" "${scope[@]}" -o name)
code=$?
case $code in
    0) say "submitted: $(echo $jobs)" ;;
    2) say "the manifest was refused as invalid (see the error above); nothing was created" ;;
    4) say "not found: the manifest file, the namespace, the context or the MPIJob CRD" ;;
    6) say "not allowed: these credentials may not create MPIJobs here (RBAC)" ;;
    7) say "a job of that name exists already: delete it or use metadata.generateName" ;;
    8) say "refused by the namespace's ResourceQuota or an admission webhook; nothing was created" ;;
    130) say "interrupted" ;;
    *) say "submitting failed unexpectedly (exit $code): network or API server" ;;
esac
(( code == 0 )) || exit "$code"
[[ -n ${JOBS_FILE:-} ]] && printf '%s\n' $jobs > "$JOBS_FILE"

# 2. Wait for each job (a watch, not polling) and branch on how it ended.
result=0
for job in $jobs; do
    name=${job#*/}
    say "waiting for $name (at most $timeout)"
    "$odh" mpijob wait "$name" "${scope[@]}" --timeout "$timeout"
    code=$?
    case $code in
        0) say "$name succeeded" ;;
        3) say "$name failed"; diagnose "$name" ;;
        5) say "$name did not finish within $timeout; it is left running"; diagnose "$name" ;;
        4) say "$name disappeared while waiting (deleted by someone else?)" ;;
        6) say "lost permission to read $name" ;;
        130) say "interrupted while waiting for $name (the job goes on)"; exit 130 ;;
        *) say "waiting for $name failed unexpectedly (exit $code)" ;;
    esac
    (( code == 0 || result != 0 )) || result=$code
done
exit "$result"
