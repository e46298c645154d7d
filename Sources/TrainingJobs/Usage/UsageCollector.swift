import KubeClient
import MPIJobs

/// What `usage` could read, and what it could not see (RBAC), to be said on stderr.
public struct UsageCollection: Sendable {
    public var inputs: UsageInputs
    public var notVisible: [String]
}

/// Reads everything `usage` needs at once: the pods, the ResourceQuotas, Kueue's queues when
/// served, and every served job kind — one list each, all in flight together. The pods decide:
/// without them nothing can be counted (their refusal is thrown); any other refusal only hides
/// that part, and is named in `notVisible`.
public struct UsageCollector {
    public let api: KubeAPI
    public let served: ServedResources

    public init(api: KubeAPI, served: ServedResources) {
        self.api = api
        self.served = served
    }

    enum Source: Sendable {
        case pods
        case quotas
        case localQueues(version: String)
        case clusterQueues(version: String)
        case jobs(KindBox)

        var what: String {
            switch self {
            case .pods: return "pods"
            case .quotas: return "resourcequotas"
            case .localQueues: return "localqueues.\(KueueResources.group)"
            case .clusterQueues: return "clusterqueues.\(KueueResources.group)"
            case .jobs(let box): return box.kind.resource.qualified
            }
        }

        func path(namespace: String?) -> String {
            func core(_ plural: String) -> String {
                namespace.map { "/api/v1/namespaces/\(QueryString.segment($0))/\(plural)" } ?? "/api/v1/\(plural)"
            }
            func kueue(_ version: String, _ plural: String, namespaced: Bool) -> String {
                guard namespaced, let namespace else { return "/apis/\(KueueResources.group)/\(version)/\(plural)" }
                return "/apis/\(KueueResources.group)/\(version)/namespaces/\(QueryString.segment(namespace))/\(plural)"
            }
            switch self {
            case .pods: return core("pods")
            case .quotas: return core("resourcequotas")
            case .localQueues(let version): return kueue(version, "localqueues", namespaced: true)
            case .clusterQueues(let version): return kueue(version, "clusterqueues", namespaced: false)
            case .jobs(let box): return box.kind.resource.collectionPath(namespace: namespace)
            }
        }
    }

    /// `namespace` nil: the whole cluster.
    public func collect(namespace: String?) throws(ClientError) -> UsageCollection {
        var sources: [Source] = [.pods, .quotas]
        if let version = KueueResources.version(of: "localqueues", in: served) {
            sources.append(.localQueues(version: version))
        }
        if let version = KueueResources.version(of: "clusterqueues", in: served) {
            sources.append(.clusterQueues(version: version))
        }
        sources += served.kinds().map { .jobs(KindBox(kind: $0)) }
        let results = api.inParallel(sources) { source, api throws(ClientError) -> [JSON] in
            try api.listItems(source.path(namespace: namespace))
        }
        var inputs = UsageInputs(jobs: [], pods: [], quotas: [], localQueues: [], clusterQueues: [])
        var notVisible: [String] = []
        for (source, result) in zip(sources, results) {
            let items: [JSON]
            switch result {
            case .success(let found):
                items = found
            case .failure(let error):
                if case .pods = source { throw error }
                guard case .api(let status) = error, status.code == 403 else { throw error }
                notVisible.append("\(source.what): \(status.message)")
                continue
            }
            switch source {
            case .pods: inputs.pods = items
            case .quotas: inputs.quotas = items
            case .localQueues: inputs.localQueues = items
            case .clusterQueues: inputs.clusterQueues = items
            case .jobs(let box): inputs.jobs += items.map { TrainingJob(kind: box.kind, object: $0) }
            }
        }
        if namespace != nil {
            // Only the ClusterQueues this namespace's LocalQueues lead to are its limits.
            let wanted = Set(UsageAccounting.clusterQueueOf(inputs.localQueues).values)
            inputs.clusterQueues = inputs.clusterQueues.filter {
                wanted.contains($0[path: "metadata", "name"]?.stringValue ?? "")
            }
        }
        return UsageCollection(inputs: inputs, notVisible: notVisible)
    }
}
