import KubeClient

/// What could be learned about one object: a read that was refused is a fact worth showing
/// ("forbidden"), not a reason to fail the whole description.
public enum Lookup<Value: Sendable>: Sendable {
    case found(Value)
    case missing
    case unavailable(String)

    public var value: Value? {
        if case .found(let value) = self { return value }
        return nil
    }

    public var isMissing: Bool {
        if case .missing = self { return true }
        return false
    }
}

/// One line of "does the job fit": a resource the job asks for, in one flavor of the ClusterQueue.
public struct QueueQuotaRow: Sendable, Equatable {
    public var resource: String
    /// nil when the ClusterQueue does not cover the resource at all.
    public var flavor: String?
    public var requested: Quantity
    public var used: Quantity
    public var nominal: Quantity

    /// nominal − used, never below 0 (quantities are far inside Int128's range in nano units).
    public var free: Quantity {
        Quantity(nanoValue: max(0, nominal.nanoValue - used.nanoValue), format: nominal.format)
    }

    public var fits: Bool { flavor != nil && requested <= free }
}

/// Kueue's side of one job's story, for describe and the diagnosis: its Workload, queues,
/// position and the quota it waits for. Absent (nil on the description) for a job without
/// a queue label or on a cluster without Kueue.
public struct QueueFacts: Sendable {
    public var queueName: String
    public var workload: Lookup<Workload>
    public var localQueue: Lookup<LocalQueue>
    /// From the admission, else from the LocalQueue.
    public var clusterQueueName: String?
    /// nil when no ClusterQueue name is known.
    public var clusterQueue: Lookup<ClusterQueue>?
    /// The namespace's LocalQueues, read only when the job's queue does not exist.
    public var namespaceQueues: [String]?
    public var position: QueuePosition?
    /// Why a pending job has no position.
    public var positionNote: String?
    /// `namespace/job` that preempted it, when the Preempted condition names a Workload that can be found.
    public var preemptor: String?
    /// For each resource the job asks for, each flavor that could serve it: used / nominal
    /// (empty when the ClusterQueue could not be read).
    public var quotaRows: [QueueQuotaRow]
    /// Why `quotaRows` is incomplete (a quantity in the ClusterQueue that does not parse).
    public var quotaProblem: String?

    public init(queueName: String, workload: Lookup<Workload>, localQueue: Lookup<LocalQueue>,
                clusterQueueName: String? = nil, clusterQueue: Lookup<ClusterQueue>? = nil,
                namespaceQueues: [String]? = nil, position: QueuePosition? = nil, positionNote: String? = nil,
                preemptor: String? = nil, quotaRows: [QueueQuotaRow] = [], quotaProblem: String? = nil) {
        self.queueName = queueName
        self.workload = workload
        self.localQueue = localQueue
        self.clusterQueueName = clusterQueueName
        self.clusterQueue = clusterQueue
        self.namespaceQueues = namespaceQueues
        self.position = position
        self.positionNote = positionNote
        self.preemptor = preemptor
        self.quotaRows = quotaRows
        self.quotaProblem = quotaProblem
    }

    /// The rows of `quotaRows` for a ClusterQueue and what the job asks for.
    public static func quotaRows(_ queue: ClusterQueue, requests: [String: Quantity]) throws(QuantityError)
        -> [QueueQuotaRow]
    {
        var rows: [QueueQuotaRow] = []
        for resource in requests.keys.sorted() {
            guard let requested = requests[resource], !requested.isZero else { continue }
            let quotas = try queue.quotas(for: resource)
            if quotas.isEmpty {
                rows.append(QueueQuotaRow(resource: resource, flavor: nil, requested: requested, used: .zero,
                                          nominal: .zero))
            }
            for quota in quotas {
                rows.append(QueueQuotaRow(
                    resource: resource, flavor: quota.flavor, requested: requested,
                    used: try queue.used(flavor: quota.flavor, resource: resource), nominal: quota.nominal))
            }
        }
        return rows
    }
}
