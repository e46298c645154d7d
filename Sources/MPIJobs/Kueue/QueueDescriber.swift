import KubeClient

/// Gathers `QueueFacts` for one job. Reads that are refused (403) become facts ("forbidden"):
/// users often may read their Workloads and LocalQueues but not ClusterQueues (Kueue's
/// batch-user role); any other failure ends the description, as for the job itself.
public struct QueueDescriber {
    public let api: KubeAPI

    public init(api: KubeAPI) {
        self.api = api
    }

    /// nil for a job without a queue label, or when the cluster does not serve Kueue.
    public func describe(_ job: MPIJob) throws(ClientError) -> QueueFacts? {
        guard let queue = job.queueName, let kueue = try KueueAPI.discover(api, visibility: true) else { return nil }
        let client = KueueClient(api: api, kueue: kueue)
        let workload = try lookup { () throws(ClientError) in try client.workload(for: job) }
        let localQueue = try lookup { () throws(ClientError) in
            try client.localQueue(name: queue, namespace: job.namespace)
        }
        var facts = QueueFacts(queueName: queue, workload: workload, localQueue: localQueue)
        if localQueue.isMissing {
            facts.namespaceQueues = try refusedAsNil {
                () throws(ClientError) in try client.localQueues(namespace: job.namespace).map(\.name).sorted()
            }
        }
        facts.clusterQueueName = workload.value?.admittedClusterQueue ?? localQueue.value?.clusterQueue
        if let name = facts.clusterQueueName, !name.isEmpty {
            let clusterQueue = try lookup { () throws(ClientError) in try client.clusterQueue(name: name) }
            facts.clusterQueue = clusterQueue
            if let found = clusterQueue.value {
                do {
                    facts.quotaRows = try QueueFacts.quotaRows(found, requests: try ResourceRequests.job(job.object).requests)
                } catch let error as ResourceError {
                    facts.quotaProblem = "cannot add up the job's requests: \(error.description)"
                } catch let error as QuantityError {
                    facts.quotaProblem = "ClusterQueue \(name) has a quantity that does not parse: \(error.description)"
                } catch {
                    facts.quotaProblem = "\(error)"
                }
            }
        }
        if let found = workload.value {
            // Only a Workload in a LocalQueue that exists is in line (the visibility API lists no other).
            if found.state == .pending && found.isActive && localQueue.value != nil {
                (facts.position, facts.positionNote) = try position(of: found, client: client)
            }
            facts.preemptor = try preemptor(of: found, client: client)
        }
        return facts
    }

    private func position(of workload: Workload, client: KueueClient) throws(ClientError) -> (QueuePosition?, String?) {
        guard client.kueue.visibilityVersion != nil else {
            return (nil, client.kueue.visibilityProblem.map { "Kueue's visibility API did not answer: \($0)" }
                ?? "the cluster does not serve Kueue's visibility API (\(KueueAPI.visibilityGroup))")
        }
        do {
            guard let position = try client.position(of: workload) else {
                return (nil, "not among the pending Workloads Kueue's visibility API lists for LocalQueue \(workload.queueName)")
            }
            return (position, nil)
        } catch {
            guard case .api(let status) = error, [403, 404, 503].contains(status.code) else { throw error }
            return (nil, "Kueue's visibility API answered \(status.code): \(status.message)")
        }
    }

    /// "Preempted to accommodate a workload (UID: …, JobUID: …) …" names the preemptor by UIDs;
    /// its Workload carries the job UID as a label, so one selected list finds it.
    private func preemptor(of workload: Workload, client: KueueClient) throws(ClientError) -> String? {
        guard let preempted = workload.condition("Preempted"),
            let jobUID = Self.field("JobUID", in: preempted.message)
        else { return nil }
        let selector = "\(KueueAPI.jobUIDLabel)=\(jobUID)"
        for namespace in [nil, workload.namespace] as [String?] {
            do {
                if let found = try client.workloads(namespace: namespace, labelSelector: selector).first {
                    return "\(found.namespace)/\(found.ownerName ?? found.name)"
                }
            } catch {
                // A user may not list Workloads cluster-wide: try their namespace next.
                guard case .api(let status) = error, status.code == 403 else { throw error }
            }
        }
        return nil
    }

    static func field(_ key: String, in message: String) -> String? {
        guard let start = message.firstRange(of: "\(key): ") else { return nil }
        let rest = message[start.upperBound...]
        let value = rest.prefix { $0 != "," && $0 != ")" && $0 != ";" }
        return value.isEmpty || value == "UNKNOWN" ? nil : String(value)
    }

    private func lookup<Value: Sendable>(_ read: () throws(ClientError) -> Value?) throws(ClientError) -> Lookup<Value> {
        do {
            return try read().map(Lookup.found) ?? .missing
        } catch {
            guard case .api(let status) = error, status.code == 403 else { throw error }
            return .unavailable(status.message.isEmpty ? "forbidden" : status.message)
        }
    }

    private func refusedAsNil<Value>(_ read: () throws(ClientError) -> Value) throws(ClientError) -> Value? {
        do {
            return try read()
        } catch {
            guard case .api(let status) = error, status.code == 403 else { throw error }
            return nil
        }
    }
}
