import KubeClient
import MPIJobs

/// One job's share: what its running pods ask for, and its pending pods apart.
public struct JobUsage: Sendable {
    public var job: TrainingJob
    public var running: PodTotals
    public var pending: PodTotals
    /// The Kueue ClusterQueue its queue label leads to, when known.
    public var clusterQueue: String?
}

public struct NamespaceUsage: Sendable, Equatable {
    public var namespace: String
    public var jobs: Int
    public var running: PodTotals
    public var pending: PodTotals
}

/// One hard limit against what the training jobs' pods (running and pending) ask for.
public struct LimitUsage: Sendable, Equatable {
    public enum Source: String, Sendable {
        case resourceQuota = "ResourceQuota"
        case clusterQueue = "ClusterQueue"
    }

    public var source: Source
    public var name: String
    /// A quota's namespace; for a ClusterQueue, the namespaces in view whose LocalQueues lead to it.
    public var namespaces: [String]
    /// The quota key (`requests.nvidia.com/gpu`) or the ClusterQueue's resource (`nvidia.com/gpu`).
    public var resource: String
    public var requested: Quantity
    /// What the limit's own controller counts as used (quota `status.used`, Kueue's
    /// `flavorsUsage`); nil when it says nothing.
    public var used: Quantity?
    public var hard: Quantity

    /// hard − used (or − requested when the controller says nothing); negative when over.
    public var available: Quantity? {
        do {
            return try hard.subtracting(used ?? requested)
        } catch {
            return nil
        }
    }
}

public struct UsageReport: Sendable {
    /// Jobs with running or pending pods, most GPUs first.
    public var jobs: [JobUsage]
    public var namespaces: [NamespaceUsage]
    public var limits: [LimitUsage]
    /// What could not be counted (unreadable quantities); what could not be seen is the caller's.
    public var notes: [String]
}

/// What `usage` reads, already fetched.
public struct UsageInputs: Sendable {
    public var jobs: [TrainingJob]
    public var pods: [JSON]
    public var quotas: [JSON]
    public var localQueues: [JSON]
    public var clusterQueues: [JSON]

    public init(jobs: [TrainingJob], pods: [JSON], quotas: [JSON], localQueues: [JSON], clusterQueues: [JSON]) {
        self.jobs = jobs
        self.pods = pods
        self.quotas = quotas
        self.localQueues = localQueues
        self.clusterQueues = clusterQueues
    }
}

/// Adds up who uses what. Pure: the same inputs give the same report.
public enum UsageAccounting {
    /// Quota keys about compute: requests.*/limits.* and bare cpu/memory; storage and object counts are not job usage.
    static func isComputeKey(_ key: String) -> Bool {
        if key == "cpu" || key == "memory" { return true }
        guard key.hasPrefix("requests.") || key.hasPrefix("limits.") else { return false }
        return !key.hasSuffix("storage")
    }

    public static func report(_ inputs: UsageInputs) -> UsageReport {
        var notes: [String] = []
        var usage: [String: JobUsage] = [:]
        func key(_ namespace: String, _ kind: String, _ name: String) -> String { "\(namespace)/\(kind)/\(name)" }
        for job in inputs.jobs {
            usage[key(job.namespace, job.kind.kind, job.name)] = JobUsage(job: job, running: PodTotals(),
                                                                          pending: PodTotals())
        }
        let kinds = uniqueKinds(inputs.jobs)
        for pod in inputs.pods {
            let phase = pod[path: "status", "phase"]?.stringValue ?? "Pending"
            guard phase == "Running" || phase == "Pending" else { continue }
            let namespace = pod[path: "metadata", "namespace"]?.stringValue ?? ""
            let podName = pod[path: "metadata", "name"]?.stringValue ?? ""
            for kind in kinds {
                guard let jobName = kind.jobName(ofPod: pod), usage[key(namespace, kind.kind, jobName)] != nil else {
                    continue
                }
                let k = key(namespace, kind.kind, jobName)
                do {
                    if phase == "Running" {
                        try usage[k]?.running.add(pod: pod["spec"] ?? .null, field: "pod \(namespace)/\(podName)")
                    } else {
                        try usage[k]?.pending.add(pod: pod["spec"] ?? .null, field: "pod \(namespace)/\(podName)")
                    }
                } catch {
                    notes.append("not counted: \(error.description)")
                }
                break
            }
        }
        let queues = clusterQueueOf(inputs.localQueues)
        var jobs = usage.values.filter { $0.running.pods + $0.pending.pods > 0 }
        for i in jobs.indices {
            if let queue = jobs[i].job.queueName { jobs[i].clusterQueue = queues["\(jobs[i].job.namespace)/\(queue)"] }
        }
        jobs.sort(by: mostGPUsFirst)

        var byNamespace: [String: NamespaceUsage] = [:]
        for job in jobs {
            let namespace = job.job.namespace
            var entry = byNamespace[namespace]
                ?? NamespaceUsage(namespace: namespace, jobs: 0, running: PodTotals(), pending: PodTotals())
            entry.jobs += 1
            do {
                try entry.running.add(job.running)
                try entry.pending.add(job.pending)
            } catch {
                notes.append("namespace \(namespace): \(error.description)")
            }
            byNamespace[namespace] = entry
        }
        let namespaces = byNamespace.values.sorted { a, b in
            if a.running.gpus != b.running.gpus { return a.running.gpus > b.running.gpus }
            if a.pending.gpus != b.pending.gpus { return a.pending.gpus > b.pending.gpus }
            return a.namespace < b.namespace
        }
        var limits = quotaLimits(inputs.quotas, byNamespace: byNamespace, notes: &notes)
        limits += clusterQueueLimits(inputs.clusterQueues, localQueues: inputs.localQueues, jobs: jobs, notes: &notes)
        return UsageReport(jobs: jobs, namespaces: namespaces, limits: limits, notes: notes)
    }

    static func mostGPUsFirst(_ a: JobUsage, _ b: JobUsage) -> Bool {
        if a.running.gpus != b.running.gpus { return a.running.gpus > b.running.gpus }
        if a.pending.gpus != b.pending.gpus { return a.pending.gpus > b.pending.gpus }
        if a.running.cpu != b.running.cpu { return a.running.cpu > b.running.cpu }
        return (a.job.namespace, a.job.name, a.job.kind.kind) < (b.job.namespace, b.job.name, b.job.kind.kind)
    }

    static func uniqueKinds(_ jobs: [TrainingJob]) -> [any TrainingJobKind] {
        var seen = Set<String>()
        var kinds: [any TrainingJobKind] = []
        for job in jobs where seen.insert(job.kind.kind).inserted { kinds.append(job.kind) }
        return kinds
    }

    /// `namespace/localqueue` → ClusterQueue name.
    static func clusterQueueOf(_ localQueues: [JSON]) -> [String: String] {
        var map: [String: String] = [:]
        for queue in localQueues {
            guard let namespace = queue[path: "metadata", "namespace"]?.stringValue,
                let name = queue[path: "metadata", "name"]?.stringValue,
                let clusterQueue = queue[path: "spec", "clusterQueue"]?.stringValue
            else { continue }
            map["\(namespace)/\(name)"] = clusterQueue
        }
        return map
    }

    static func quotaLimits(_ quotas: [JSON], byNamespace: [String: NamespaceUsage], notes: inout [String])
        -> [LimitUsage]
    {
        var limits: [LimitUsage] = []
        for quota in quotas {
            let name = quota[path: "metadata", "name"]?.stringValue ?? ""
            let namespace = quota[path: "metadata", "namespace"]?.stringValue ?? ""
            guard let hard = (quota[path: "status", "hard"] ?? quota[path: "spec", "hard"])?.objectValue else { continue }
            var inView = PodTotals()
            if let entry = byNamespace[namespace] {
                do {
                    try inView.add(entry.running)
                    try inView.add(entry.pending)
                } catch {
                    notes.append("quota \(namespace)/\(name): \(error.description)")
                }
            }
            if quota[path: "spec", "scopes"] != nil || quota[path: "spec", "scopeSelector"] != nil {
                notes.append("quota \(namespace)/\(name) is scoped: it counts only the pods in its scopes")
            }
            for (resource, value) in hard.pairs.sorted(by: { $0.key < $1.key }) where isComputeKey(resource) {
                do {
                    let used = try quota[path: "status", "used", resource].map { json throws(QuantityError) in
                        try Quantity(json: json)
                    }
                    limits.append(LimitUsage(source: .resourceQuota, name: name, namespaces: [namespace],
                                             resource: resource,
                                             requested: inView.amount(forQuotaKey: resource) ?? .zero, used: used,
                                             hard: try Quantity(json: value)))
                } catch {
                    notes.append("quota \(namespace)/\(name) \(resource): \(error.description)")
                }
            }
        }
        return limits
    }

    static func clusterQueueLimits(_ clusterQueues: [JSON], localQueues: [JSON], jobs: [JobUsage],
                                   notes: inout [String]) -> [LimitUsage]
    {
        var namespaces: [String: Set<String>] = [:]
        for (key, clusterQueue) in clusterQueueOf(localQueues) {
            namespaces[clusterQueue, default: []].insert(String(key.prefix { $0 != "/" }))
        }
        var limits: [LimitUsage] = []
        for object in clusterQueues {
            let quota: KueueResources.ClusterQueueQuota
            do {
                quota = try KueueResources.quota(object)
            } catch {
                notes.append("clusterqueue \(object[path: "metadata", "name"]?.stringValue ?? ""): \(error.description)")
                continue
            }
            var admitted = PodTotals()
            for job in jobs where job.clusterQueue == quota.name {
                do {
                    try admitted.add(job.running)
                    try admitted.add(job.pending)
                } catch {
                    notes.append("clusterqueue \(quota.name): \(error.description)")
                }
            }
            for resource in quota.nominal.keys.sorted() {
                guard let hard = quota.nominal[resource] else { continue }
                limits.append(LimitUsage(source: .clusterQueue, name: quota.name,
                                         namespaces: (namespaces[quota.name] ?? []).sorted(), resource: resource,
                                         requested: admitted.requests[resource] ?? .zero,
                                         used: quota.used.map { $0[resource] ?? .zero }, hard: hard))
            }
        }
        return limits
    }
}
