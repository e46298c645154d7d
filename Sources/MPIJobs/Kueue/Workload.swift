import KubeClient

extension JobCondition {
    /// The conditions of any object (a Kueue Workload's and queues' are `metav1.Condition`s: the
    /// same fields as the MPIJob's, without lastUpdateTime).
    static func list(_ object: JSON) -> [JobCondition] {
        (object[path: "status", "conditions"]?.arrayValue ?? []).map(JobCondition.init)
    }
}

/// Where a Workload stands, from its conditions and `spec.active` (Kueue's workload.Status plus
/// the states a person asks about).
public enum WorkloadState: String, Sendable {
    /// Waiting for quota (or for a queue that cannot admit it).
    case pending
    /// Quota reserved, admission checks not all ready yet.
    case quotaReserved
    case admitted
    /// `spec.active=false`: deactivated (what `suspend` does to a Kueue job).
    case inactive
    case finished
}

/// Read-only view of a `kueue.x-k8s.io` Workload; the JSON stays the source of truth.
public struct Workload: Sendable {
    public var object: JSON

    public init(_ object: JSON) {
        self.object = object
    }

    public var name: String { object[path: "metadata", "name"]?.stringValue ?? "" }
    public var namespace: String { object[path: "metadata", "namespace"]?.stringValue ?? "" }
    public var uid: String { object[path: "metadata", "uid"]?.stringValue ?? "" }
    public var resourceVersion: String? { object[path: "metadata", "resourceVersion"]?.stringValue }
    public var creationTimestamp: String? { object[path: "metadata", "creationTimestamp"]?.stringValue }
    public var queueName: String { object[path: "spec", "queueName"]?.stringValue ?? "" }
    /// `spec.active` defaults to true.
    public var isActive: Bool { object[path: "spec", "active"]?.boolValue ?? true }
    public var priority: Int { object[path: "spec", "priority"]?.intValue ?? 0 }

    /// The UID of the job that controls it (the controller owner reference).
    public var ownerUID: String? {
        for ref in object[path: "metadata", "ownerReferences"]?.arrayValue ?? []
        where ref["controller"]?.boolValue == true {
            return ref["uid"]?.stringValue
        }
        return object[path: "metadata", "labels", KueueAPI.jobUIDLabel]?.stringValue
    }

    /// The name of the controlling owner (the job), for naming a preemptor.
    public var ownerName: String? {
        (object[path: "metadata", "ownerReferences"]?.arrayValue ?? [])
            .first { $0["controller"]?.boolValue == true }?["name"]?.stringValue
    }

    public var conditions: [JobCondition] { JobCondition.list(object) }

    public func condition(_ type: String) -> JobCondition? { conditions.first { $0.type == type } }

    public var state: WorkloadState {
        if condition("Finished")?.isTrue == true { return .finished }
        if !isActive { return .inactive }
        if condition("Admitted")?.isTrue == true { return .admitted }
        if condition("QuotaReserved")?.isTrue == true { return .quotaReserved }
        return .pending
    }

    /// The ClusterQueue that reserved quota for it, while it holds a reservation.
    public var admittedClusterQueue: String? { object[path: "status", "admission", "clusterQueue"]?.stringValue }

    public struct PodSetAssignment: Sendable, Equatable {
        public var name: String
        /// resource → flavor
        public var flavors: [(resource: String, flavor: String)]
        public var count: Int?

        public static func == (a: Self, b: Self) -> Bool {
            a.name == b.name && a.count == b.count && a.flavors.map(\.resource) == b.flavors.map(\.resource)
                && a.flavors.map(\.flavor) == b.flavors.map(\.flavor)
        }
    }

    public var podSetAssignments: [PodSetAssignment] {
        (object[path: "status", "admission", "podSetAssignments"]?.arrayValue ?? []).map { entry in
            PodSetAssignment(
                name: entry["name"]?.stringValue ?? "",
                flavors: (entry["flavors"]?.objectValue?.pairs ?? []).compactMap { pair in
                    pair.value.stringValue.map { (pair.key, $0) }
                }.sorted { $0.resource < $1.resource },
                count: entry["count"]?.intValue)
        }
    }

    /// The pristine pod template of a pod set (`launcher`, `worker`): Kueue copies it when it
    /// creates the Workload and restores the job's templates from it when it stops the job.
    public func podSetTemplate(_ name: String) -> JSON? {
        (object[path: "spec", "podSets"]?.arrayValue ?? []).first { $0["name"]?.stringValue == name }?["template"]
    }
}
