import KubeClient

extension MPIJob {
    /// The phase with Kueue's Workload in view: it tells a job waiting in line (Queued) from one
    /// Kueue has let in (Admitted, until its pods run) and from one a user deactivated
    /// (Suspended). Without a Workload it is `phase`.
    public func phase(workload: Workload?) -> JobPhase {
        let base = phase
        guard let workload, !base.isFinished else { return base }
        let running = base == .running || base == .restarting
        switch workload.state {
        case .finished: return base
        case .inactive: return .suspended
        case .admitted: return running ? base : .admitted
        case .pending, .quotaReserved: return running ? base : .queued
        }
    }
}

/// Kueue's view of many jobs at once, for `list` and `get`: one list of Workloads for the
/// namespace (or all of them) instead of one request per job, and for `-o wide` one list of
/// LocalQueues to name the ClusterQueue of jobs not admitted yet.
public struct QueueIndex: Sendable {
    private var byOwner: [String: Workload] = [:]
    /// "namespace/localqueue" → ClusterQueue
    private var clusterQueues: [String: String] = [:]
    /// Where the Workloads were read (for `refresh`); nil for an index built from given Workloads.
    private var kueue: KueueAPI?

    public init(workloads: [Workload], localQueues: [LocalQueue] = [], kueue: KueueAPI? = nil) {
        for workload in workloads {
            if let owner = workload.ownerUID { byOwner[owner] = workload }
        }
        for queue in localQueues { clusterQueues["\(queue.namespace)/\(queue.name)"] = queue.clusterQueue }
        self.kueue = kueue
    }

    /// Reads the job's Workload again (a watch saw the job change): one request, and only for a
    /// job with a queue label. Kueue admits, deactivates and evicts through the Workload and then
    /// changes the job, so by the job's change its Workload says why.
    public mutating func refresh(_ job: MPIJob, api: KubeAPI) throws(ClientError) {
        guard job.queueName != nil, let uid = job.uid, let kueue else { return }
        byOwner[uid] = try KueueClient(api: api, kueue: kueue).workload(for: job)
    }

    /// Where the Workloads were read; nil for an index built from given Workloads.
    public var kueueAPI: KueueAPI? { kueue }

    /// A Workload as a watch of them saw it: its job's entry follows it (gone when it is deleted).
    public mutating func apply(_ workload: Workload, deleted: Bool) {
        guard let owner = workload.ownerUID else { return }
        byOwner[owner] = deleted ? nil : workload
    }

    /// Forgets the job's Workload: its row falls back to the job's own status.
    public mutating func forget(_ job: MPIJob) {
        if let uid = job.uid { byOwner[uid] = nil }
    }

    public func workload(for job: MPIJob) -> Workload? {
        guard job.queueName != nil, let uid = job.uid else { return nil }
        return byOwner[uid]
    }

    public func phase(of job: MPIJob) -> JobPhase { job.phase(workload: workload(for: job)) }

    /// The ClusterQueue that admitted the job, else the one its LocalQueue points at.
    public func clusterQueue(for job: MPIJob) -> String? {
        if let admitted = workload(for: job)?.admittedClusterQueue { return admitted }
        guard let queue = job.queueName else { return nil }
        return clusterQueues["\(job.namespace)/\(queue)"]
    }

    /// nil when no job has a queue label or the cluster does not serve Kueue: then nothing is
    /// asked and nothing about Kueue is shown.
    public static func load(api: KubeAPI, namespace: String?, jobs: [MPIJob], withClusterQueues: Bool)
        throws(ClientError) -> QueueIndex?
    {
        guard jobs.contains(where: { $0.queueName != nil }), let kueue = try KueueAPI.discover(api) else { return nil }
        let client = KueueClient(api: api, kueue: kueue)
        let workloads = try client.workloads(namespace: namespace)
        let queues = withClusterQueues ? try client.localQueues(namespace: namespace) : []
        return QueueIndex(workloads: workloads, localQueues: queues, kueue: kueue)
    }
}
