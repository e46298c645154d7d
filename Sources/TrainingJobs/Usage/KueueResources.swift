import KubeClient
import MPIJobs

/// Kueue's queues as `usage` reads them: a LocalQueue (namespaced) points at a ClusterQueue
/// (cluster-scoped) whose `spec.resourceGroups[].flavors[].resources[].nominalQuota` is what
/// the jobs admitted through it may use. The same fields exist in v1beta1 and v1beta2; the
/// newest version served is read.
public enum KueueResources {
    public static let group = "kueue.x-k8s.io"
    static let versions = ["v1beta2", "v1beta1"]
    public static var groupVersions: Set<String> { Set(versions.map { "\(group)/\($0)" }) }

    /// The version to read a resource in, or nil when Kueue does not serve it.
    public static func version(of plural: String, in served: ServedResources) -> String? {
        versions.first { served.serves(groupVersion: "\(group)/\($0)", plural: plural) }
    }

    /// A ClusterQueue's nominal quota per resource, summed over its flavors, and what Kueue
    /// counts as in use (`status.flavorsUsage`), when it says.
    public struct ClusterQueueQuota: Sendable, Equatable {
        public var name: String
        public var nominal: [String: Quantity]
        public var used: [String: Quantity]?
    }

    public static func quota(_ clusterQueue: JSON) throws(QuantityError) -> ClusterQueueQuota {
        var nominal: [String: Quantity] = [:]
        for group in clusterQueue[path: "spec", "resourceGroups"]?.arrayValue ?? [] {
            for flavor in group["flavors"]?.arrayValue ?? [] {
                for resource in flavor["resources"]?.arrayValue ?? [] {
                    guard let name = resource["name"]?.stringValue, let value = resource["nominalQuota"] else { continue }
                    nominal[name] = try (nominal[name] ?? .zero).adding(try Quantity(json: value))
                }
            }
        }
        var used: [String: Quantity]?
        if let flavors = clusterQueue[path: "status", "flavorsUsage"]?.arrayValue {
            var totals: [String: Quantity] = [:]
            for flavor in flavors {
                for resource in flavor["resources"]?.arrayValue ?? [] {
                    guard let name = resource["name"]?.stringValue, let value = resource["total"] else { continue }
                    totals[name] = try (totals[name] ?? .zero).adding(try Quantity(json: value))
                }
            }
            used = totals
        }
        return ClusterQueueQuota(name: clusterQueue[path: "metadata", "name"]?.stringValue ?? "", nominal: nominal,
                                 used: used)
    }
}
