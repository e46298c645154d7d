import KubeClient
import MPIJobs

/// MPIJob (kubeflow/mpi-operator, `kubeflow.org/v2beta1`) as one kind among the others. Its
/// status rules, pod labels and diagnosis are the MPIJobs module's: nothing is re-derived here.
public struct MPIJobKind: TrainingJobKind {
    public init() {}

    public var resource: JobResource {
        JobResource(group: MPIJob.group, version: MPIJob.version, plural: MPIJob.plural, kind: MPIJob.kind)
    }

    public var operatorName: String { "the mpi-operator" }

    public func phase(of job: JSON) -> JobPhase { MPIJob(job).phase }

    public func replicas(of job: JSON) -> [ReplicaCount] {
        let mpijob = MPIJob(job)
        let launcher = mpijob.replicaStatus("Launcher")
        // runLauncherAsWorker: the launcher is one of the ranks, but still one pod.
        return [ReplicaCount(role: "Launcher", desired: 1, active: min(1, launcher.active)),
                ReplicaCount(role: "Worker", desired: mpijob.desiredWorkers, active: mpijob.readyWorkers)]
    }

    public func podSelector(job name: String, role: String?) -> String {
        JobPods.selector(job: name, role: role?.lowercased())
    }

    public func jobName(ofPod pod: JSON) -> String? {
        let labels = pod[path: "metadata", "labels"]
        guard labels?["training.kubeflow.org/operator-name"]?.stringValue == "mpi-operator" else { return nil }
        return labels?["training.kubeflow.org/job-name"]?.stringValue
    }

    public func podRole(_ pod: JSON) -> PodRole {
        let labels = pod[path: "metadata", "labels"]
        let role = labels?[PodSummary.roleLabel]?.stringValue ?? "pod"
        // The launcher has no index label (unless it runs as worker 0): its attempts share one name.
        let index = role == "launcher" ? nil : labels?[PodSummary.indexLabel]?.stringValue.flatMap { Int($0) }
        return PodRole(role: role, index: index)
    }

    public func isPrimary(_ role: PodRole, of job: JSON) -> Bool { role.role == "launcher" }

    public func podTemplates(of job: JSON) -> [(role: String, count: Int, spec: JSON)] {
        let mpijob = MPIJob(job)
        return [("Launcher", 1, job[path: "spec", "mpiReplicaSpecs", "Launcher", "template", "spec"] ?? .null),
                ("Worker", mpijob.desiredWorkers,
                 job[path: "spec", "mpiReplicaSpecs", "Worker", "template", "spec"] ?? .null)]
    }

    public var hasDiagnosis: Bool { true }

    public func findings(job: JSON, pods: [PodSummary], events: [JobEvent], now: Double) -> [Finding] {
        Diagnosis.findings(job: MPIJob(job), pods: PodSummary.ordered(pods), events: events, now: now)
    }
}
