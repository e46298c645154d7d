import KubeClient

/// Why an MPIJob operation failed, in domain terms the CLI can explain.
public enum MPIJobError: Error, Sendable, Equatable {
    case notFound(name: String, namespace: String)
    /// The cluster does not serve `mpijobs.kubeflow.org/v2beta1`; `servedVersions` says what it serves instead.
    case crdMissing(servedVersions: [String])
    case client(ClientError)
}

/// MPIJob requests over a KubeAPI connection.
public struct MPIJobClient: Sendable {
    public let api: KubeAPI

    public init(api: KubeAPI) {
        self.api = api
    }

    public static func collectionPath(namespace: String?) -> String {
        if let namespace {
            return "/apis/\(MPIJob.group)/\(MPIJob.version)/namespaces/\(QueryString.segment(namespace))/\(MPIJob.plural)"
        }
        return "/apis/\(MPIJob.group)/\(MPIJob.version)/\(MPIJob.plural)"
    }

    public static func objectPath(namespace: String, name: String) -> String {
        collectionPath(namespace: namespace) + "/" + QueryString.segment(name)
    }

    public func get(name: String, namespace: String) throws(MPIJobError) -> MPIJob {
        do {
            return MPIJob(try api.get(Self.objectPath(namespace: namespace, name: name), expectKind: MPIJob.kind))
        } catch {
            throw translate(error, name: name, namespace: namespace)
        }
    }

    /// The job as the server sent it, for printing it unchanged (`get -o json`).
    public func getRaw(name: String, namespace: String) throws(MPIJobError) -> RawObject {
        do {
            return try api.getRaw(Self.objectPath(namespace: namespace, name: name), expectKind: MPIJob.kind)
        } catch {
            throw translate(error, name: name, namespace: namespace)
        }
    }

    /// Lists MPIJobs (`namespace` nil: all namespaces), each handed to `sink` as it arrives;
    /// `chunkSize` as in `KubeAPI.list` (0: one request). Returns the list's resourceVersion.
    public func list<Sink: ListSink>(namespace: String?, labelSelector: String?, fieldSelector: String? = nil,
                                     chunkSize: Int = 0, into sink: inout Sink) throws(MPIJobError) -> String
    {
        var query: [(String, String)] = []
        if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { query.append(("fieldSelector", fieldSelector)) }
        do {
            return try api.list(Self.collectionPath(namespace: namespace), query: query, chunkSize: chunkSize,
                                expectKind: "MPIJobList", into: &sink)
        } catch {
            throw translate(error, name: nil, namespace: namespace ?? "")
        }
    }

    /// A 404 is either "no such job" (a Status naming it) or "no such resource": the
    /// plain-text 404 kube-apiserver sends for a group it does not serve.
    public func translate(_ error: ClientError, name: String?, namespace: String) -> MPIJobError {
        guard case .api(let status) = error, status.code == 404 else { return .client(error) }
        if status.isStatusObject, status.reason == "NotFound", let name, status.detailsName == name,
            status.detailsKind == nil || status.detailsKind == MPIJob.plural
        {
            return .notFound(name: name, namespace: namespace)
        }
        if status.isStatusObject, status.detailsKind == "namespaces" {
            return .client(error)
        }
        switch servedVersions() {
        case .some(let versions) where versions.contains(MPIJob.version):
            // The resource exists after all: the 404 was about the object.
            if let name { return .notFound(name: name, namespace: namespace) }
            return .client(error)
        case .some(let versions):
            return .crdMissing(servedVersions: versions)
        case .none:
            return .crdMissing(servedVersions: [])
        }
    }

    /// Versions of kubeflow.org that serve `mpijobs`; nil if discovery itself failed.
    func servedVersions() -> [String]? {
        do {
            return try APIDiscovery(api: api).resource(MPIJob.plural, group: MPIJob.group).versions
        } catch {
            return nil
        }
    }
}
