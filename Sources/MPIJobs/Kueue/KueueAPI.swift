import KubeClient

/// Where a cluster serves Kueue, found by discovery: the `kueue.x-k8s.io` version to read
/// (v1beta2 where served, else v1beta1; the fields read here are the same in both) and,
/// when its visibility API server is installed, the `visibility.kueue.x-k8s.io` version.
public struct KueueAPI: Sendable, Equatable {
    public static let group = "kueue.x-k8s.io"
    public static let visibilityGroup = "visibility.kueue.x-k8s.io"
    /// Newest first: Kueue 0.15+ stores v1beta2 and still serves v1beta1.
    static let knownVersions = ["v1beta2", "v1beta1"]
    public static let jobUIDLabel = "kueue.x-k8s.io/job-uid"
    public static let priorityClassLabel = "kueue.x-k8s.io/priority-class"

    public var version: String
    public var visibilityVersion: String?
    /// Why the visibility API could not be asked, when its discovery failed (not when it is absent).
    public var visibilityProblem: String?

    public init(version: String, visibilityVersion: String? = nil, visibilityProblem: String? = nil) {
        self.version = version
        self.visibilityVersion = visibilityVersion
        self.visibilityProblem = visibilityProblem
    }

    /// nil when the cluster does not serve Kueue (or only versions this tool does not know).
    /// The visibility API is looked up only when asked for (only describe shows positions).
    public static func discover(_ api: KubeAPI, visibility: Bool = false) throws(ClientError) -> KueueAPI? {
        guard let version = try servedVersion(api, group: group) else { return nil }
        guard visibility else { return KueueAPI(version: version) }
        // The visibility API is an aggregated server: missing or unhealthy, the rest still works,
        // and describe says why the position is unknown.
        do {
            return KueueAPI(version: version, visibilityVersion: try servedVersion(api, group: visibilityGroup))
        } catch {
            return KueueAPI(version: version, visibilityProblem: error.description)
        }
    }

    private static func servedVersion(_ api: KubeAPI, group: String) throws(ClientError) -> String? {
        let document: JSON
        do {
            document = try api.get("/apis/\(group)")
        } catch {
            if case .api(let status) = error, status.code == 404 { return nil }
            throw error
        }
        return known(in: document)
    }

    /// The newest version this tool reads among those an APIGroup document lists.
    static func known(in group: JSON) -> String? {
        let served = Set((group["versions"]?.arrayValue ?? []).compactMap { $0["version"]?.stringValue })
        return knownVersions.first { served.contains($0) }
    }

    // MARK: Paths

    private func base(_ namespace: String?) -> String {
        "/apis/\(Self.group)/\(version)" + (namespace.map { "/namespaces/\(QueryString.segment($0))" } ?? "")
    }

    /// nil namespace: every namespace.
    public func workloadsPath(namespace: String?) -> String { base(namespace) + "/workloads" }

    public func workloadPath(namespace: String, name: String) -> String {
        workloadsPath(namespace: namespace) + "/" + QueryString.segment(name)
    }

    public func localQueuesPath(namespace: String?) -> String { base(namespace) + "/localqueues" }

    public func localQueuePath(namespace: String, name: String) -> String {
        localQueuesPath(namespace: namespace) + "/" + QueryString.segment(name)
    }

    public func clusterQueuePath(name: String) -> String { base(nil) + "/clusterqueues/" + QueryString.segment(name) }

    /// The LocalQueue's pending Workloads with their positions; nil without the visibility API.
    public func pendingWorkloadsPath(namespace: String, localQueue: String) -> String? {
        visibilityVersion.map {
            "/apis/\(Self.visibilityGroup)/\($0)/namespaces/\(QueryString.segment(namespace))/localqueues/"
                + QueryString.segment(localQueue) + "/pendingworkloads"
        }
    }
}
