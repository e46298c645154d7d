import KubeClient
import MPIJobs

/// Where a kind is served: its own group-version, never the group's preferred one (with the
/// training-operator installed, `kubeflow.org` prefers `v1` while `mpijobs` exist only at `v2beta1`).
public struct JobResource: Sendable, Hashable {
    public var group: String
    public var version: String
    public var plural: String
    public var kind: String

    public init(group: String, version: String, plural: String, kind: String) {
        self.group = group
        self.version = version
        self.plural = plural
        self.kind = kind
    }

    public var apiVersion: String { "\(group)/\(version)" }
    public var groupVersion: String { apiVersion }
    /// `pytorchjobs.kubeflow.org`: how RBAC messages and the CRD name it.
    public var qualified: String { "\(plural).\(group)" }
    /// `pytorchjob.kubeflow.org`: kubectl's `-o name` prefix.
    public var objectName: String { "\(kind.lowercased()).\(group)" }
    public var listKind: String { kind + "List" }

    public func collectionPath(namespace: String?) -> String {
        guard let namespace else { return "/apis/\(group)/\(version)/\(plural)" }
        return "/apis/\(group)/\(version)/namespaces/\(QueryString.segment(namespace))/\(plural)"
    }

    public func objectPath(namespace: String, name: String) -> String {
        collectionPath(namespace: namespace) + "/" + QueryString.segment(name)
    }
}

/// A replica role of a job (`Master`, `Worker`, `Launcher`, `node`): how many pods it asks for
/// and how many of them run, as the job's own status counts them.
public struct ReplicaCount: Sendable, Equatable {
    public var role: String
    public var desired: Int
    public var active: Int

    public init(role: String, desired: Int, active: Int) {
        self.role = role
        self.desired = desired
        self.active = active
    }
}

/// A pod's place in its job, read from the operator's labels.
public struct PodRole: Sendable, Hashable, Comparable {
    /// Lower case, as the labels say: `master`, `worker`, `launcher`, `node`.
    public var role: String
    public var index: Int?

    public init(role: String, index: Int?) {
        self.role = role
        self.index = index
    }

    /// `worker-1`, `launcher`, `node-0`: the short name used in log prefixes and tables.
    public var label: String { index.map { "\(role)-\($0)" } ?? role }

    public static func < (a: PodRole, b: PodRole) -> Bool {
        (a.role, a.index ?? -1) < (b.role, b.index ?? -1)
    }
}

/// One kind of training job. Commands reach every kind through this protocol only: what it is
/// called and where it is served, how its one-word state follows from its own conditions and
/// replica counts, its replica roles, and the labels its operator puts on its pods.
public protocol TrainingJobKind: Sendable {
    var resource: JobResource { get }
    /// The operator, for messages (`the training-operator`, `the mpi-operator`).
    var operatorName: String { get }

    func phase(of job: JSON) -> JobPhase
    /// Roles in the order a person reads them (master or launcher first).
    func replicas(of job: JSON) -> [ReplicaCount]
    /// Selects the pods of the job `name` (one role when given).
    func podSelector(job name: String, role: String?) -> String
    /// The job a pod belongs to (by its labels), or nil if this kind's operator did not make it.
    func jobName(ofPod pod: JSON) -> String?
    func podRole(_ pod: JSON) -> PodRole
    /// The pod whose log tells the job's story (rank 0, the launcher): what `logs` reads by default.
    func isPrimary(_ role: PodRole, of job: JSON) -> Bool
    /// The replica roles' pod templates with their pod counts, for GPUs asked.
    func podTemplates(of job: JSON) -> [(role: String, count: Int, spec: JSON)]
    /// Whether the kind has diagnosis rules (so "no findings" means something).
    var hasDiagnosis: Bool { get }
    /// Likely causes and fixes, where the kind has rules for them (MPIJob's diagnosis).
    func findings(job: JSON, pods: [PodSummary], events: [JobEvent], now: Double) -> [Finding]
}

extension TrainingJobKind {
    public var kind: String { resource.kind }

    public var hasDiagnosis: Bool { false }

    public func findings(job: JSON, pods: [PodSummary], events: [JobEvent], now: Double) -> [Finding] { [] }

    /// What a person may type for this kind: `PyTorchJob`, `pytorchjob`, `pytorchjobs`,
    /// `pytorchjob.kubeflow.org`, `pytorchjobs.kubeflow.org` (any case).
    public var names: [String] {
        let singular = resource.kind.lowercased()
        return [singular, resource.plural, resource.objectName, resource.qualified]
    }

    public func matches(_ typed: String) -> Bool { names.contains(typed.lowercased()) }
}
