import KubeClient

/// What the cluster serves, resource by resource: `group/version/plural`. Each job kind is
/// looked up in its own group-version (a group's preferred version says nothing about a
/// resource served only in another one: with the training-operator installed, `kubeflow.org`
/// prefers `v1` while `mpijobs` exist only at `v2beta1`).
///
/// One request: aggregated discovery (`/apis` as `APIGroupDiscoveryList`, what kubectl asks
/// first). A server too old for it answers the legacy `APIGroupList`; then only the
/// group-versions asked about are read.
public struct ServedResources: Sendable {
    public private(set) var resources: Set<String>

    static let aggregatedAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json"

    /// The group-versions read when the server has no aggregated discovery: the job kinds' and Kueue's.
    public static let interesting: Set<String> = Set(JobKinds.all.map(\.resource.groupVersion))
        .union(KueueResources.groupVersions)

    public init(resources: Set<String>) {
        self.resources = resources
    }

    public static func discover(api: KubeAPI, groupVersions: Set<String> = interesting)
        throws(ClientError) -> ServedResources
    {
        let answer = try api.sendJSON(HTTPRequest(path: "/apis", headers: [("Accept", aggregatedAccept)]))
        var served = Set<String>()
        if answer["kind"]?.stringValue == "APIGroupDiscoveryList" {
            for group in answer["items"]?.arrayValue ?? [] {
                let name = group[path: "metadata", "name"]?.stringValue ?? ""
                for version in group["versions"]?.arrayValue ?? [] {
                    let v = version["version"]?.stringValue ?? ""
                    for resource in version["resources"]?.arrayValue ?? [] {
                        if let plural = resource["resource"]?.stringValue { served.insert("\(name)/\(v)/\(plural)") }
                    }
                }
            }
            return ServedResources(resources: served)
        }
        var offered = Set<String>()
        for group in answer["groups"]?.arrayValue ?? [] {
            for version in group["versions"]?.arrayValue ?? [] {
                if let gv = version["groupVersion"]?.stringValue { offered.insert(gv) }
            }
        }
        for groupVersion in groupVersions.intersection(offered).sorted() {
            let list = try api.get("/apis/\(groupVersion)")
            for resource in list["resources"]?.arrayValue ?? [] {
                if let plural = resource["name"]?.stringValue { served.insert("\(groupVersion)/\(plural)") }
            }
        }
        return ServedResources(resources: served)
    }

    public func serves(_ resource: JobResource) -> Bool {
        resources.contains("\(resource.groupVersion)/\(resource.plural)")
    }

    public func serves(groupVersion: String, plural: String) -> Bool {
        resources.contains("\(groupVersion)/\(plural)")
    }

    /// The kinds served, in `kinds`' order.
    public func kinds(among kinds: [any TrainingJobKind] = JobKinds.all) -> [any TrainingJobKind] {
        kinds.filter { serves($0.resource) }
    }
}
