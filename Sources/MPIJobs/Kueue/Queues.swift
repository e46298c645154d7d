import KubeClient

/// Read-only view of a namespaced `LocalQueue`.
public struct LocalQueue: Sendable {
    public var object: JSON

    public init(_ object: JSON) {
        self.object = object
    }

    public var name: String { object[path: "metadata", "name"]?.stringValue ?? "" }
    public var namespace: String { object[path: "metadata", "namespace"]?.stringValue ?? "" }
    public var clusterQueue: String { object[path: "spec", "clusterQueue"]?.stringValue ?? "" }
    /// `None` unless someone stopped the queue (`Hold`, `HoldAndDrain`).
    public var stopPolicy: String { object[path: "spec", "stopPolicy"]?.stringValue ?? "None" }
    public var active: JobCondition? { JobCondition.list(object).first { $0.type == "Active" } }
    public var pendingWorkloads: Int? { object[path: "status", "pendingWorkloads"]?.intValue }
    public var admittedWorkloads: Int? { object[path: "status", "admittedWorkloads"]?.intValue }
    /// Takes new work: not held by a stopPolicy, and not reported inactive by Kueue.
    public var isActive: Bool { (active.map(\.isTrue) ?? true) && stopPolicy == "None" }
}

/// Read-only view of a cluster-scoped `ClusterQueue`: its quota and what is in use.
public struct ClusterQueue: Sendable {
    public var object: JSON

    public init(_ object: JSON) {
        self.object = object
    }

    public var name: String { object[path: "metadata", "name"]?.stringValue ?? "" }
    public var stopPolicy: String { object[path: "spec", "stopPolicy"]?.stringValue ?? "None" }
    public var active: JobCondition? { JobCondition.list(object).first { $0.type == "Active" } }
    /// A status Kueue has not written yet counts as active (nothing says otherwise).
    /// Takes new work: not held by a stopPolicy, and not reported inactive by Kueue.
    public var isActive: Bool { (active.map(\.isTrue) ?? true) && stopPolicy == "None" }
    public var pendingWorkloads: Int? { object[path: "status", "pendingWorkloads"]?.intValue }
    public var admittedWorkloads: Int? { object[path: "status", "admittedWorkloads"]?.intValue }

    /// One flavor's nominal quota for one resource.
    public struct Quota: Sendable, Equatable {
        public var flavor: String
        public var resource: String
        public var nominal: Quantity
    }

    /// The flavors that may serve `resource`, in the order the scheduler tries them, with
    /// their nominal quota (flavors of the resource group that covers it).
    public func quotas(for resource: String) throws(QuantityError) -> [Quota] {
        var out: [Quota] = []
        for group in object[path: "spec", "resourceGroups"]?.arrayValue ?? [] {
            let covered = (group["coveredResources"]?.arrayValue ?? []).compactMap(\.stringValue)
            guard covered.contains(resource) else { continue }
            for flavor in group["flavors"]?.arrayValue ?? [] {
                let flavorName = flavor["name"]?.stringValue ?? ""
                let entry = (flavor["resources"]?.arrayValue ?? []).first { $0["name"]?.stringValue == resource }
                let nominal = try entry?["nominalQuota"].map { value throws(QuantityError) in try Quantity(json: value) }
                out.append(Quota(flavor: flavorName, resource: resource, nominal: nominal ?? .zero))
            }
        }
        return out
    }

    /// What admitted Workloads use of a flavor's resource (`status.flavorsUsage`).
    public func used(flavor: String, resource: String) throws(QuantityError) -> Quantity {
        for entry in object[path: "status", "flavorsUsage"]?.arrayValue ?? [] where entry["name"]?.stringValue == flavor {
            for usage in entry["resources"]?.arrayValue ?? [] where usage["name"]?.stringValue == resource {
                if let total = usage["total"] { return try Quantity(json: total) }
            }
        }
        return .zero
    }
}
