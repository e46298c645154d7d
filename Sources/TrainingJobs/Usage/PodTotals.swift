import KubeClient
import MPIJobs

/// What a set of pods asks for: effective requests and limits per resource (Kubernetes'
/// rule, `ResourceRequests.pod`: init containers and sidecars included), and how many pods.
public struct PodTotals: Sendable, Equatable {
    public var pods = 0
    public var requests: [String: Quantity] = [:]
    public var limits: [String: Quantity] = [:]

    public init() {}

    public static let gpu = MPIJob.gpuResource

    public var gpus: Quantity { requests[Self.gpu] ?? limits[Self.gpu] ?? .zero }
    public var cpu: Quantity { requests["cpu"] ?? .zero }
    public var memory: Quantity { requests["memory"] ?? .zero }

    public mutating func add(pod spec: JSON, field: String) throws(ResourceError) {
        let resources = try ResourceRequests.pod(spec, field: field)
        pods += 1
        do {
            try Self.merge(resources.requests, into: &requests)
            try Self.merge(resources.limits, into: &limits)
        } catch {
            throw ResourceError(field: field, reason: error.description)
        }
    }

    public mutating func add(_ other: PodTotals) throws(QuantityError) {
        pods += other.pods
        try Self.merge(other.requests, into: &requests)
        try Self.merge(other.limits, into: &limits)
    }

    /// The amount a ResourceQuota key (`requests.cpu`, `limits.nvidia.com/gpu`, `memory`) counts.
    public func amount(forQuotaKey key: String) -> Quantity? {
        if key.hasPrefix("requests.") { return requests[String(key.dropFirst("requests.".count))] ?? .zero }
        if key.hasPrefix("limits.") { return limits[String(key.dropFirst("limits.".count))] ?? .zero }
        if key == "cpu" || key == "memory" { return requests[key] ?? .zero }
        return nil
    }

    static func merge(_ values: [String: Quantity], into totals: inout [String: Quantity]) throws(QuantityError) {
        for (resource, quantity) in values {
            totals[resource] = try (totals[resource] ?? .zero).adding(quantity)
        }
    }
}
