import KubeClient
import MPIJobs

/// TrainJob (Kubeflow Trainer v2, `trainer.kubeflow.org/v1alpha1`). The Trainer runs it as a
/// JobSet of child Jobs made from a training runtime; the pods carry the JobSet's labels.
public struct TrainJobKind: TrainingJobKind {
    public init() {}

    public var resource: JobResource {
        JobResource(group: "trainer.kubeflow.org", version: "v1alpha1", plural: "trainjobs", kind: "TrainJob")
    }

    public var operatorName: String { "the Kubeflow Trainer" }

    static let jobSetLabel = "jobset.sigs.k8s.io/jobset-name"
    static let replicatedJobLabel = "jobset.sigs.k8s.io/replicatedjob-name"
    static let completionIndexLabel = "batch.kubernetes.io/job-completion-index"

    /// Trainer's conditions (`trainjob_types.go`) have no Running: Failed and Complete (copied
    /// from the JobSet, reason `AllJobsCompleted`) end a job; Suspended holds it. Otherwise
    /// `status.jobsStatus[]` (child Jobs, not pods) tells: a ready child Job means Running, a
    /// failed one beside active ones means the JobSet is restarting, nothing ready means Pending.
    public func phase(of job: JSON) -> JobPhase {
        let conditions = (job[path: "status", "conditions"]?.arrayValue ?? []).map(JobCondition.init)
        func isTrue(_ type: String) -> Bool { conditions.contains { $0.type == type && $0.isTrue } }
        if isTrue("Failed") { return .failed }
        if isTrue("Complete") { return .succeeded }
        let suspend = job[path: "spec", "suspend"]?.boolValue ?? false
        if isTrue("Suspended") || suspend {
            let queued = job[path: "metadata", "labels", MPIJob.queueLabel]?.stringValue != nil
            return queued && suspend ? .queued : .suspended
        }
        let jobs = job[path: "status", "jobsStatus"]?.arrayValue ?? []
        func total(_ field: String) -> Int { jobs.reduce(0) { $0 + ($1[field]?.intValue ?? 0) } }
        if total("failed") > 0 && total("active") > 0 { return .restarting }
        if total("ready") > 0 { return .running }
        return .pending
    }

    /// Nodes asked for: `spec.trainer.numNodes` (the runtime's default, 1, when left out).
    func nodes(of job: JSON) -> Int { job[path: "spec", "trainer", "numNodes"]?.intValue ?? 1 }

    /// One role per replicated job the Trainer reports; a ready child Job has all its pods
    /// ready, so its pods count as running. Before any report: the nodes asked for.
    public func replicas(of job: JSON) -> [ReplicaCount] {
        let jobs = job[path: "status", "jobsStatus"]?.arrayValue ?? []
        guard !jobs.isEmpty else { return [ReplicaCount(role: "node", desired: nodes(of: job), active: 0)] }
        return jobs.map { entry in
            let role = entry["name"]?.stringValue ?? "node"
            let desired = role == "node" ? nodes(of: job) : 1
            let ready = (entry["ready"]?.intValue ?? 0) > 0
            return ReplicaCount(role: role, desired: desired, active: ready ? desired : 0)
        }
    }

    public func podSelector(job name: String, role: String?) -> String {
        var selector = "\(Self.jobSetLabel)=\(name)"
        if let role { selector += ",\(Self.replicatedJobLabel)=\(role)" }
        return selector
    }

    public func jobName(ofPod pod: JSON) -> String? {
        pod[path: "metadata", "labels", Self.jobSetLabel]?.stringValue
    }

    public func podRole(_ pod: JSON) -> PodRole {
        let labels = pod[path: "metadata", "labels"]
        return PodRole(role: labels?[Self.replicatedJobLabel]?.stringValue ?? "pod",
                       index: labels?[Self.completionIndexLabel]?.stringValue.flatMap { Int($0) })
    }

    /// An MPI runtime's launcher runs `mpirun` and gathers every rank's output; otherwise node 0.
    public func isPrimary(_ role: PodRole, of job: JSON) -> Bool {
        let roles = (job[path: "status", "jobsStatus"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        if roles.contains("launcher") { return role.role == "launcher" }
        return role.role == "node" && (role.index ?? 0) == 0
    }

    /// The runtime holds the pod templates; the TrainJob says only what each node asks for.
    public func podTemplates(of job: JSON) -> [(role: String, count: Int, spec: JSON)] {
        var container: [(String, JSON)] = [("name", "node")]
        if let image = job[path: "spec", "trainer", "image"] { container.append(("image", image)) }
        if let resources = job[path: "spec", "trainer", "resourcesPerNode"] { container.append(("resources", resources)) }
        let spec = JSON.object(JSONObject([("containers", .array([.object(JSONObject(container))]))]))
        return [("node", nodes(of: job), spec)]
    }
}
