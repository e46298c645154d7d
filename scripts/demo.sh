#!/usr/bin/env bash
# make demo: the life of MPIJobs against the bundled test API server, no cluster needed.
set -euo pipefail
cd "$(dirname "$0")/.."
ODH_BIN=${ODH_BIN:-$PWD/.build/release/kubectl-odh}
DIR=$(mktemp -d /tmp/kubectl-odh-demo.XXXXXX)
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
    rm -rf "$DIR"
}
trap cleanup EXIT

python3 Tests/APIServer/kubeapiserver.py --dir "$DIR" --seed standard --tick 0.2 --parent-pid $$ \
    --crds training-operator,trainer,kueue >"$DIR/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do [ -f "$DIR/server.json" ] && break; sleep 0.1; done
[ -f "$DIR/server.json" ] || { echo "the test API server did not start:"; cat "$DIR/server.log"; exit 1; }

export KUBECONFIG="$DIR/kubeconfig"
bold=""; reset=""
if [ -t 1 ]; then bold=$(tput bold 2>/dev/null || true); reset=$(tput sgr0 2>/dev/null || true); fi
step() { printf '\n%s$ kubectl odh %s%s\n' "$bold" "$*" "$reset"; "$ODH_BIN" "$@" || echo "(exit code $?)"; }
say() { printf '\n%s# %s%s\n' "$bold" "$*" "$reset"; }

say "A test API server (TLS, client certificates, RBAC, a simulated mpi-operator) is running; KUBECONFIG=$KUBECONFIG"
say "Jobs in the current namespace (context admin, namespace default):"
step mpijob list
say "Every namespace, with launcher state, GPUs, queue, image and run time:"
step mpijob list -A -o wide
say "Only the ones that need attention, sorted by age:"
step mpijob list -A --status Failed,Pending,Queued --sort-by age
say "One job as YAML (what the server stored, without managedFields):"
first=$("$ODH_BIN" mpijob list -n team-a -o name | head -1 | cut -d/ -f2)
step mpijob get "$first" -n team-a -o yaml
say "Scripts get stable exit codes: a job that does not exist is exit 4:"
step mpijob get no-such-job -n team-a
say "alice may only use team-a, so team-b is exit 6:"
step --context alice mpijob list -n team-b
say "Check a manifest without sending anything (the operator's own rules, client-side):"
step mpijob create -f examples/deepspeed-gpu.yaml -n team-a --dry-run=client
say "A job that would not fit team-a's ResourceQuota is refused before anything is created (exit 8):"
step mpijob create too-big -n team-a --image mpioperator/mpi-pi:openmpi --workers 8 --gpus-per-worker 2 --cpu 1 --memory 1Gi
say "team-a's quota tracks CPU and memory, so pods that do not state them would be refused: caught before creating (exit 8):"
step mpijob create no-requests -n team-a --image mpioperator/mpi-pi:openmpi --workers 2 -- mpirun -n 2 /home/mpiuser/pi
say "Submit a job from flags and wait for its outcome (exit 0 = Succeeded):"
step mpijob create demo-pi -n team-b --image mpioperator/mpi-pi:openmpi --workers 2 --cpu 500m --memory 512Mi --wait --timeout 2m -- mpirun -n 2 /home/mpiuser/pi
say "Every worker's output, merged and prefixed:"
step mpijob logs demo-pi -n team-b --all --tail 3
failed=$("$ODH_BIN" mpijob list -A --status Failed -o name | head -1 | cut -d/ -f2)
ns=$("$ODH_BIN" mpijob list -A --status Failed -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["metadata"]["namespace"])')
say "Why did $failed fail? (describe ends with a diagnosis)"
step mpijob describe "$failed" -n "$ns"
say "The launcher's output (where mpirun prints), last 5 lines:"
step mpijob logs "$first" -n team-a --tail 5
say "Scripts wait on the outcome: exit 0 Succeeded, 3 Failed, 5 timeout:"
step mpijob wait "$failed" -n "$ns" --timeout 10s
say "Two commands are for a person at a terminal (docs/interactive.md, docs/top.md):"
say "  kubectl odh mpijob create -i -n team-a    asks for the job step by step, shows the manifest and the quota check, then submits, saves or goes back"
say "  kubectl odh mpijob top demo-pi -n team-b   a live view: Overview, Workers, Logs, Events; tab switches, l follows a worker's log, q quits"
say "Off a terminal they say what to use instead (exit 2):"
offterm() { printf '\n%s$ kubectl odh %s < /dev/null%s\n' "$bold" "$*" "$reset"; "$ODH_BIN" "$@" </dev/null || echo "(exit code $?)"; }
offterm mpijob create -i -n team-a
offterm mpijob top demo-pi -n team-b
say "Kueue is installed too: why do team-a's queued jobs wait? STATUS and CLUSTERQUEUE come from their Workloads:"
step mpijob list -n team-a -o wide
say "describe has a Queue section: the ClusterQueue, Kueue's pending message, the position, the quota in numbers:"
step mpijob describe pi-queued -n team-a
say "A mistyped queue would leave a job suspended forever, so create refuses it (exit 4):"
step mpijob create typo -n team-a --image mpioperator/mpi-pi:openmpi --cpu 1 --memory 1Gi --launcher-cpu 1 --launcher-memory 1Gi --queue user-qeue
say "Pause a running job: its pods go (the mpi-operator acts on spec.runPolicy.suspend) ..."
step mpijob suspend pi-running -n team-a --wait --timeout 30s
step mpijob get pi-running -n team-a
say "... and come back:"
step mpijob resume pi-running -n team-a --wait --timeout 30s
say "A Kueue job is suspended through its Workload (spec.active=false); its GPUs go to the next job in line:"
step mpijob suspend gpu-train -n team-b --wait --timeout 30s
sleep 1
step mpijob list -A --status Suspended,Queued,Admitted,Running
say "Resumed, it queues again for quota:"
step mpijob resume gpu-train -n team-b
say "Run a finished job once more (same spec, next free name, checked like create):"
step mpijob rerun pi-intel -n team-b --wait --timeout 2m
say "Clean up (no terminal here, so --yes is needed):"
step mpijob delete "$first" -n team-a --yes --wait --timeout 30s
step mpijob list -n team-a
say "The cluster also runs the training-operator (PyTorchJob, TFJob, ...) and Trainer (TrainJob): every kind in one table"
step jobs list -A
say "Only the PyTorchJobs and TrainJobs that need attention, with their roles and GPUs:"
step jobs list -A --kind pytorchjob,trainjob --status Failed,Pending,Restarting -o wide
say "Any job by KIND/NAME (a bare NAME works when only one kind uses it):"
step jobs describe pytorchjob/mnist-restarting -n team-a
say "A TrainJob's nodes, merged and prefixed:"
step jobs logs trainjob/llm-finetune -n team-a --all --tail 3
say "Who holds the GPUs, per job and namespace, against each ResourceQuota:"
step usage -A
say "alice may not list across namespaces: she sees team-a, and is told what was hidden:"
step --context alice usage -A
say "Done. The server stops now."
