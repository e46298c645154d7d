import KubeClient

/// A Kueue LocalQueue (`kueue.x-k8s.io`), reduced to what a person picking a queue needs.
public struct LocalQueue: Sendable, Equatable {
    public var name: String
    /// The ClusterQueue that lends it quota.
    public var clusterQueue: String
    public var pendingWorkloads: Int
    public var admittedWorkloads: Int
    /// False when the queue takes no new work: its `Active` condition is False, or a
    /// `stopPolicy` other than `None` holds it.
    public var isActive: Bool

    public init(_ object: JSON) {
        name = object[path: "metadata", "name"]?.stringValue ?? ""
        clusterQueue = object[path: "spec", "clusterQueue"]?.stringValue ?? ""
        pendingWorkloads = object[path: "status", "pendingWorkloads"]?.intValue ?? 0
        admittedWorkloads = object[path: "status", "admittedWorkloads"]?.intValue ?? 0
        let active = (object[path: "status", "conditions"]?.arrayValue ?? []).first {
            $0["type"]?.stringValue == "Active"
        }
        let stopPolicy = object[path: "spec", "stopPolicy"]?.stringValue ?? "None"
        isActive = active?["status"]?.stringValue != "False" && stopPolicy == "None"
    }
}

/// The LocalQueues a job in a namespace could be submitted to.
public enum LocalQueueListing: Sendable, Equatable {
    /// The cluster serves no `kueue.x-k8s.io` LocalQueues: Kueue is not installed.
    case notServed
    /// Served: the namespace's queues (maybe none), sorted by name.
    case queues([LocalQueue])
    /// Served, but they could not be listed (not allowed, server error): why.
    case unavailable(String)
}

/// Finds the namespace's LocalQueues through discovery. Kueue's API is
/// `kueue.x-k8s.io/v1beta1`; where a newer Kueue serves LocalQueues only in another
/// version (v1beta2), the group's preferred version is used instead — the fields read here
/// are the same in both.
public struct LocalQueueClient {
    public static let group = "kueue.x-k8s.io"
    public static let version = "v1beta1"
    public static let plural = "localqueues"

    public let api: KubeAPI

    public init(api: KubeAPI) {
        self.api = api
    }

    public static func collectionPath(namespace: String, version: String = version) -> String {
        "/apis/\(group)/\(version)/namespaces/\(QueryString.segment(namespace))/\(plural)"
    }

    /// Throws only for Ctrl-C; every other failure is a listing the caller can show.
    public func list(namespace: String) throws(ClientError) -> LocalQueueListing {
        let served: APIDiscovery.ServedResource
        do {
            served = try APIDiscovery(api: api).resource(Self.plural, group: Self.group)
        } catch {
            if case .transport(let transport) = error, transport.kind == .interrupted { throw error }
            return .unavailable("discovery of \(Self.group) failed: \(error.description)")
        }
        guard served.isServed else { return .notServed }
        let version = served.versions.contains(Self.version)
            ? Self.version
            : served.preferredVersion.flatMap { served.versions.contains($0) ? $0 : nil } ?? served.versions[0]
        var queues: [LocalQueue] = []
        do {
            _ = try api.list(Self.collectionPath(namespace: namespace, version: version)) { page throws(ClientError) in
                queues += (page["items"]?.arrayValue ?? []).map(LocalQueue.init)
            }
        } catch {
            if case .transport(let transport) = error, transport.kind == .interrupted { throw error }
            return .unavailable(error.description)
        }
        return .queues(queues.sorted { $0.name < $1.name })
    }
}
