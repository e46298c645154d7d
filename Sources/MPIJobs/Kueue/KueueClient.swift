import KubeClient

/// A job's place in its queue, from Kueue's visibility API (positions count from 0).
public struct QueuePosition: Sendable, Equatable {
    /// Workloads ahead of this one in its LocalQueue.
    public var inLocalQueue: Int
    /// Workloads ahead of this one in the ClusterQueue (every LocalQueue that feeds it).
    public var inClusterQueue: Int
}

/// Kueue requests over a KubeAPI connection, at the version discovery found.
public struct KueueClient: Sendable {
    public let api: KubeAPI
    public let kueue: KueueAPI

    public init(api: KubeAPI, kueue: KueueAPI) {
        self.api = api
        self.kueue = kueue
    }

    /// Every Workload of a namespace (nil: of every namespace), page by page.
    public func workloads(namespace: String?, labelSelector: String? = nil) throws(ClientError) -> [Workload] {
        let query = labelSelector.map { [("labelSelector", $0)] } ?? []
        return try api.listItems(kueue.workloadsPath(namespace: namespace), query: query).map(Workload.init)
    }

    /// The Workload the job controls (Kueue labels it with the job's UID and owns it by it).
    public func workload(for job: MPIJob) throws(ClientError) -> Workload? {
        guard let uid = job.uid else { return nil }
        return try workloads(namespace: job.namespace, labelSelector: "\(KueueAPI.jobUIDLabel)=\(uid)")
            .first { $0.ownerUID == uid }
    }

    /// nil when there is no such LocalQueue.
    public func localQueue(name: String, namespace: String) throws(ClientError) -> LocalQueue? {
        try getOrNil(kueue.localQueuePath(namespace: namespace, name: name)).map(LocalQueue.init)
    }

    public func localQueues(namespace: String?) throws(ClientError) -> [LocalQueue] {
        try api.listItems(kueue.localQueuesPath(namespace: namespace)).map(LocalQueue.init)
    }

    /// nil when there is no such ClusterQueue.
    public func clusterQueue(name: String) throws(ClientError) -> ClusterQueue? {
        try getOrNil(kueue.clusterQueuePath(name: name)).map(ClusterQueue.init)
    }

    /// `spec.active` through a JSON merge patch, as `kueuectl stop|resume workload` sends it;
    /// the resourceVersion makes a concurrent change a 409 instead of a silent overwrite.
    public func setActive(_ active: Bool, workload: Workload) throws(ClientError) -> Workload {
        var metadata = JSONObject()
        if let version = workload.resourceVersion { metadata["resourceVersion"] = .string(version) }
        let patch: JSON = ["metadata": .object(metadata), "spec": ["active": .bool(active)]]
        return Workload(try api.patch(kueue.workloadPath(namespace: workload.namespace, name: workload.name), body: patch))
    }

    /// The Workload's position, or nil when the visibility API is not served or does not list it
    /// (it lists pending Workloads only, the first 1000 by default).
    public func position(of workload: Workload) throws(ClientError) -> QueuePosition? {
        guard let path = kueue.pendingWorkloadsPath(namespace: workload.namespace, localQueue: workload.queueName)
        else { return nil }
        let summary = try api.get(path)
        for item in summary["items"]?.arrayValue ?? [] where item[path: "metadata", "name"]?.stringValue == workload.name {
            guard let local = item["positionInLocalQueue"]?.intValue,
                let cluster = item["positionInClusterQueue"]?.intValue
            else { continue }
            return QueuePosition(inLocalQueue: local, inClusterQueue: cluster)
        }
        return nil
    }

    private func getOrNil(_ path: String) throws(ClientError) -> JSON? {
        do {
            return try api.get(path)
        } catch {
            if case .api(let status) = error, status.code == 404 { return nil }
            throw error
        }
    }
}
