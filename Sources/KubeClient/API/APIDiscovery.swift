/// Which versions of an API group serve a resource, from legacy discovery
/// (`/apis/GROUP`, then `/apis/GROUP/VERSION`), as kubectl finds CRDs: a cluster without
/// the operator or Kueue answers the group with a plain-text 404.
public struct APIDiscovery {
    public let api: KubeAPI

    public init(api: KubeAPI) {
        self.api = api
    }

    public struct ServedResource: Sendable, Equatable {
        /// Versions that serve the resource, in the server's order (preferred first).
        public var versions: [String]
        /// The group's preferred version, whether or not it serves the resource.
        public var preferredVersion: String?

        public var isServed: Bool { !versions.isEmpty }
    }

    /// `ServedResource` with no versions when the group is not served; throws only when
    /// discovery itself could not be asked (network, credentials, Ctrl-C). A version whose
    /// resource list cannot be read is left out.
    public func resource(_ plural: String, group: String) throws(ClientError) -> ServedResource {
        let document: JSON
        do {
            document = try api.get("/apis/\(group)")
        } catch {
            if case .api(let status) = error, status.code == 404 { return ServedResource(versions: [], preferredVersion: nil) }
            throw error
        }
        var versions: [String] = []
        for entry in document["versions"]?.arrayValue ?? [] {
            guard let version = entry["version"]?.stringValue, let groupVersion = entry["groupVersion"]?.stringValue
            else { continue }
            let resources: JSON
            do {
                resources = try api.get("/apis/\(groupVersion)")
            } catch {
                if case .transport(let transport) = error, transport.kind == .interrupted { throw error }
                continue
            }
            let names = (resources["resources"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            if names.contains(plural) { versions.append(version) }
        }
        return ServedResource(versions: versions,
                              preferredVersion: document[path: "preferredVersion", "version"]?.stringValue)
    }
}
