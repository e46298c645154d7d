import KubeClient

/// Builds a complete `kubeflow.org/v2beta1` MPIJob from a `JobRequest`, writing out the
/// defaults that make an MPI job finish cleanly rather than leaving them to the operator:
///
/// - `runPolicy.cleanPodPolicy: Running` (the operator's own default `None` leaves the
///   sshd workers running after the launcher is done);
/// - `sidecar.istio.io/inject: "false"` on both pod templates (an injected sidecar never
///   exits, so the launcher pod would never complete, and it intercepts the SSH traffic);
/// - Launcher replicas 1 / restartPolicy **Never**, Worker replicas N / restartPolicy
///   Never, `slotsPerWorker` and `mpiImplementation`, all explicit. The operator's launcher
///   default is OnFailure: a crashed `mpirun` restarts in the same pod, and when the launcher
///   Job reaches its backoff limit the Job controller deletes that pod, and every line the
///   launcher printed with it, so nobody can read why the job failed. With Never each failed
///   attempt keeps its pod (Failed, its log readable; `logs` shows the attempts) and the Job
///   makes a new pod for the next one. The cost: a fresh pod per retry (scheduling, maybe
///   another node and image pull) and Failed launcher pods that stay until the job is deleted
///   (they count toward `count/pods`, not toward CPU or memory quota). See docs/logs.md;
/// - Kueue's `queue-name` and `priority-class` labels on the MPIJob only: on the pod
///   templates they would make Kueue's pod integration try to queue each pod by itself.
///
/// Resources: memory limit = memory request, and CPU limit = CPU request. Equal requests
/// and limits give the pods Guaranteed QoS: evicted last under node pressure (one evicted
/// worker fails the whole job, `MPIJobEvicted`) and eligible for exclusive cores under the
/// static CPU manager; and a namespace whose ResourceQuota caps `limits.cpu` refuses pods
/// without a CPU limit. The cost is CFS throttling of a rank that uses more than it asked
/// for, so `--cpu` should cover the slots. GPUs are `nvidia.com/gpu` limits on the workers
/// only (Kubernetes sets the request equal); the launcher only runs `mpirun`.
public enum ManifestBuilder {
    public static let istioInjectAnnotation = "sidecar.istio.io/inject"
    public static let queueLabel = MPIJob.queueLabel
    public static let priorityClassLabel = "kueue.x-k8s.io/priority-class"
    public static let gpuResource = MPIJob.gpuResource

    public static func build(_ request: JobRequest) -> JSON {
        var metadata = JSONObject()
        metadata["name"] = .string(request.name)
        if let namespace = request.namespace { metadata["namespace"] = .string(namespace) }
        var jobLabels = labels(request.labels)
        if let queue = request.queue { jobLabels[queueLabel] = .string(queue) }
        if let priorityClass = request.priorityClass { jobLabels[priorityClassLabel] = .string(priorityClass) }
        if !jobLabels.isEmpty { metadata["labels"] = .object(jobLabels) }

        var runPolicy = JSONObject()
        runPolicy["cleanPodPolicy"] = .string(request.cleanPodPolicy.rawValue)
        if let ttl = request.ttlSeconds { runPolicy["ttlSecondsAfterFinished"] = .int(ttl) }
        if let deadline = request.activeDeadlineSeconds { runPolicy["activeDeadlineSeconds"] = .int(deadline) }
        if let backoff = request.backoffLimit { runPolicy["backoffLimit"] = .int(backoff) }

        let gpus = request.gpusPerWorker ?? 0
        let launcher = replicaSpec(
            replicas: 1, restartPolicy: "Never", request: request,
            container: container(
                name: "launcher", request: request, command: request.command,
                resources: resources(cpu: request.launcherCPU, memory: request.launcherMemory, gpus: 0)))
        // No command: the operator then runs `/usr/sbin/sshd -De` in the workers.
        let worker = replicaSpec(
            replicas: request.workers, restartPolicy: "Never", request: request,
            container: container(
                name: "worker", request: request, command: [],
                resources: resources(cpu: request.cpu, memory: request.memory, gpus: gpus)))

        let spec: JSON = [
            "slotsPerWorker": .int(request.effectiveSlotsPerWorker),
            "mpiImplementation": .string(request.mpiImplementation.rawValue),
            "runPolicy": .object(runPolicy),
            "mpiReplicaSpecs": ["Launcher": launcher, "Worker": worker],
        ]
        return [
            "apiVersion": .string(MPIJob.apiVersion),
            "kind": .string(MPIJob.kind),
            "metadata": .object(metadata),
            "spec": spec,
        ]
    }

    private static func labels(_ pairs: [(String, String)]) -> JSONObject {
        JSONObject(pairs.map { ($0.0, JSON.string($0.1)) })
    }

    private static func replicaSpec(replicas: Int, restartPolicy: String, request: JobRequest, container: JSON) -> JSON {
        var templateMetadata = JSONObject()
        let podLabels = labels(request.labels)
        if !podLabels.isEmpty { templateMetadata["labels"] = .object(podLabels) }
        templateMetadata["annotations"] = [istioInjectAnnotation: "false"]

        var podSpec = JSONObject()
        if !request.nodeSelector.isEmpty { podSpec["nodeSelector"] = .object(labels(request.nodeSelector)) }
        podSpec["containers"] = [container]
        if !request.pvcs.isEmpty {
            podSpec["volumes"] = .array(
                request.pvcs.enumerated().map { index, pvc in
                    ["name": .string(volumeName(index)), "persistentVolumeClaim": ["claimName": .string(pvc.claim)]]
                })
        }
        return [
            "replicas": .int(replicas),
            "restartPolicy": .string(restartPolicy),
            "template": ["metadata": .object(templateMetadata), "spec": .object(podSpec)],
        ]
    }

    private static func container(name: String, request: JobRequest, command: [String], resources: JSON?) -> JSON {
        var container = JSONObject()
        container["name"] = .string(name)
        container["image"] = .string(request.image)
        if !command.isEmpty { container["command"] = .array(command.map { .string($0) }) }
        if !request.env.isEmpty {
            container["env"] = .array(request.env.map { ["name": .string($0.0), "value": .string($0.1)] })
        }
        if let resources { container["resources"] = resources }
        if !request.pvcs.isEmpty {
            container["volumeMounts"] = .array(
                request.pvcs.enumerated().map { index, pvc in
                    ["name": .string(volumeName(index)), "mountPath": .string(pvc.mountPath)]
                })
        }
        return .object(container)
    }

    /// Claim names may hold dots, volume names may not: number them instead.
    private static func volumeName(_ index: Int) -> String { "pvc-\(index)" }

    private static func resources(cpu: Quantity?, memory: Quantity?, gpus: Int) -> JSON? {
        var requests = JSONObject()
        var limits = JSONObject()
        if let cpu {
            requests["cpu"] = cpu.json
            limits["cpu"] = cpu.json
        }
        if let memory {
            requests["memory"] = memory.json
            limits["memory"] = memory.json
        }
        if gpus > 0 { limits[gpuResource] = .string(String(gpus)) }
        var resources = JSONObject()
        if !requests.isEmpty { resources["requests"] = .object(requests) }
        if !limits.isEmpty { resources["limits"] = .object(limits) }
        return resources.isEmpty ? nil : .object(resources)
    }
}
