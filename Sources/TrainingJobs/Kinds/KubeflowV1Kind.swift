import KubeClient
import MPIJobs

/// The training-operator's v1 kinds (`kubeflow.org/v1`): PyTorchJob, TFJob, XGBoostJob,
/// PaddleJob, JAXJob. The operator runs them all through one common job controller
/// (kubeflow/training-operator `pkg/controller.v1/common`), so one adapter serves them, told
/// each kind's names: its replica-spec field, its controller's name (the `operator-name`
/// label) and its replica types in reading order.
public struct KubeflowV1Kind: TrainingJobKind {
    public let resource: JobResource
    /// `spec.<this>`: `pytorchReplicaSpecs`, `tfReplicaSpecs`, ...
    let specsField: String
    /// The `training.kubeflow.org/operator-name` value on its pods.
    let controller: String
    /// Replica types in the order a person reads them; others follow alphabetically.
    let typeOrder: [String]

    public var operatorName: String { "the training-operator" }

    public static let pytorch = KubeflowV1Kind(kind: "PyTorchJob", plural: "pytorchjobs",
                                               specsField: "pytorchReplicaSpecs", controller: "pytorchjob-controller",
                                               typeOrder: ["Master", "Worker"])
    public static let tensorflow = KubeflowV1Kind(kind: "TFJob", plural: "tfjobs", specsField: "tfReplicaSpecs",
                                                  controller: "tfjob-controller",
                                                  typeOrder: ["Chief", "Master", "PS", "Worker", "Evaluator"])
    public static let xgboost = KubeflowV1Kind(kind: "XGBoostJob", plural: "xgboostjobs",
                                               specsField: "xgbReplicaSpecs", controller: "xgboostjob-controller",
                                               typeOrder: ["Master", "Worker"])
    public static let paddle = KubeflowV1Kind(kind: "PaddleJob", plural: "paddlejobs",
                                              specsField: "paddleReplicaSpecs", controller: "paddlejob-controller",
                                              typeOrder: ["Master", "Worker"])
    public static let jax = KubeflowV1Kind(kind: "JAXJob", plural: "jaxjobs", specsField: "jaxReplicaSpecs",
                                           controller: "jaxjob-controller", typeOrder: ["Worker"])

    init(kind: String, plural: String, specsField: String, controller: String, typeOrder: [String]) {
        resource = JobResource(group: "kubeflow.org", version: "v1", plural: plural, kind: kind)
        self.specsField = specsField
        self.controller = controller
        self.typeOrder = typeOrder
    }

    static let jobNameLabel = "training.kubeflow.org/job-name"
    static let operatorLabel = "training.kubeflow.org/operator-name"
    static let typeLabel = "training.kubeflow.org/replica-type"
    static let indexLabel = "training.kubeflow.org/replica-index"
    static let roleLabel = "training.kubeflow.org/job-role"

    /// The operator's conditions (`pkg/util/status.go`): Failed and Succeeded end a job (Running
    /// stays, as False); Suspended holds it (Kueue's queue label + `runPolicy.suspend`: waiting
    /// in line); Restarting replaces Running while a failed replica is recreated; Created alone
    /// means no replica runs yet.
    public func phase(of job: JSON) -> JobPhase {
        let conditions = (job[path: "status", "conditions"]?.arrayValue ?? []).map(JobCondition.init)
        func isTrue(_ type: String) -> Bool { conditions.contains { $0.type == type && $0.isTrue } }
        if isTrue("Failed") { return .failed }
        if isTrue("Succeeded") { return .succeeded }
        let suspend = job[path: "spec", "runPolicy", "suspend"]?.boolValue ?? false
        if isTrue("Suspended") || (suspend && !isTrue("Running")) {
            let queued = job[path: "metadata", "labels", MPIJob.queueLabel]?.stringValue != nil
            return queued && suspend ? .queued : .suspended
        }
        if isTrue("Restarting") { return .restarting }
        if isTrue("Running") { return .running }
        return .pending
    }

    func types(of job: JSON) -> [String] {
        let present = job[path: "spec", specsField]?.objectValue?.keys ?? []
        return typeOrder.filter(present.contains) + present.filter { !typeOrder.contains($0) }.sorted()
    }

    public func replicas(of job: JSON) -> [ReplicaCount] {
        types(of: job).map { type in
            // The operator's default is 1 replica when the count is left out.
            let desired = job[path: "spec", specsField, type, "replicas"]?.intValue ?? 1
            let active = job[path: "status", "replicaStatuses", type, "active"]?.intValue ?? 0
            return ReplicaCount(role: type, desired: desired, active: active)
        }
    }

    public func podSelector(job name: String, role: String?) -> String {
        var selector = "\(Self.jobNameLabel)=\(name),\(Self.operatorLabel)=\(controller)"
        if let role { selector += ",\(Self.typeLabel)=\(role.lowercased())" }
        return selector
    }

    public func jobName(ofPod pod: JSON) -> String? {
        let labels = pod[path: "metadata", "labels"]
        guard labels?[Self.operatorLabel]?.stringValue == controller else { return nil }
        return labels?[Self.jobNameLabel]?.stringValue
    }

    public func podRole(_ pod: JSON) -> PodRole {
        let labels = pod[path: "metadata", "labels"]
        return PodRole(role: labels?[Self.typeLabel]?.stringValue ?? "pod",
                       index: labels?[Self.indexLabel]?.stringValue.flatMap { Int($0) })
    }

    /// The operator's master replica (`job-role: master`): Master or Chief, else worker 0.
    public func isPrimary(_ role: PodRole, of job: JSON) -> Bool {
        let types = types(of: job).map { $0.lowercased() }
        if let master = ["master", "chief"].first(where: types.contains) { return role.role == master }
        return role.role == (types.first ?? "worker") && (role.index ?? 0) == 0
    }

    public func podTemplates(of job: JSON) -> [(role: String, count: Int, spec: JSON)] {
        types(of: job).map { type in
            (type, job[path: "spec", specsField, type, "replicas"]?.intValue ?? 1,
             job[path: "spec", specsField, type, "template", "spec"] ?? .null)
        }
    }
}
