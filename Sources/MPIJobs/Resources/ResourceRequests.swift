import KubeClient

/// What one pod of a template asks for, by Kubernetes' effective-request rule.
public struct PodResources: Sendable, Equatable {
    /// Effective requests: the app containers' sum, or more if an init container needs it.
    public var requests: [String: Quantity] = [:]
    /// Effective limits, by the same rule (absent limits count as nothing).
    public var limits: [String: Quantity] = [:]
    /// Which of `cpu`, `memory`, `requests.cpu`, `requests.memory`, `limits.cpu`,
    /// `limits.memory` every container sets: a ResourceQuota that tracks one of them
    /// refuses a pod whose containers do not all set it ("must specify requests.cpu").
    public var keysSetByEveryContainer: Set<String> = ResourceRequests.computeKeys
    /// Pod QoS BestEffort: no container sets any CPU or memory request or limit.
    public var isBestEffort = true
    /// `spec.activeDeadlineSeconds` is set: the pod is in a quota's Terminating scope.
    public var isTerminating = false
    public var priorityClassName: String?

    public init() {}
}

/// The whole job: one launcher pod and `workerReplicas` worker pods.
public struct JobResources: Sendable, Equatable {
    public var launcher: PodResources
    public var worker: PodResources
    /// The Worker replica count; a missing count is 0, as the operator defaults it.
    public var workerReplicas: Int
    public var pods: Int { 1 + workerReplicas }
    /// launcher + worker × replicas
    public var requests: [String: Quantity]
    public var limits: [String: Quantity]
}

/// A quantity in the job that cannot be read or summed, with where it is.
public struct ResourceError: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}

public enum ResourceRequests {
    public static let computeKeys: Set<String> = [
        "cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory",
    ]

    /// One pod from its pod spec (`template.spec`), the way the scheduler and ResourceQuota
    /// count it (`resourcehelper.PodRequests`):
    ///
    /// - a container's request for a resource is its `requests` entry, or its `limits`
    ///   entry when the request is absent (the API server defaults it so on pod creation);
    /// - app containers and sidecars (init containers with `restartPolicy: Always`) run
    ///   together, so they add up;
    /// - an ordinary init container runs alone, before the app containers but beside the
    ///   sidecars started before it: the pod needs the larger of the two phases.
    public static func pod(_ podSpec: JSON, field: String = "template.spec") throws(ResourceError) -> PodResources {
        var pod = PodResources()
        pod.isTerminating = podSpec["activeDeadlineSeconds"]?.intValue != nil
        pod.priorityClassName = podSpec["priorityClassName"]?.stringValue

        var requests = Totals()
        var limits = Totals()
        for (index, container) in (podSpec["containers"]?.arrayValue ?? []).enumerated() {
            let usage = try containerUsage(container, field: "\(field).containers[\(index)]", pod: &pod)
            try requests.add(usage.requests)
            try limits.add(usage.limits)
        }
        var sidecarRequests = Totals()
        var sidecarLimits = Totals()
        var initRequests = Totals()
        var initLimits = Totals()
        for (index, container) in (podSpec["initContainers"]?.arrayValue ?? []).enumerated() {
            let usage = try containerUsage(container, field: "\(field).initContainers[\(index)]", pod: &pod)
            if container["restartPolicy"]?.stringValue == "Always" {
                try requests.add(usage.requests)
                try limits.add(usage.limits)
                try sidecarRequests.add(usage.requests)
                try sidecarLimits.add(usage.limits)
                initRequests.maximize(sidecarRequests.values)
                initLimits.maximize(sidecarLimits.values)
            } else {
                var phaseRequests = sidecarRequests
                try phaseRequests.add(usage.requests)
                var phaseLimits = sidecarLimits
                try phaseLimits.add(usage.limits)
                initRequests.maximize(phaseRequests.values)
                initLimits.maximize(phaseLimits.values)
            }
        }
        requests.maximize(initRequests.values)
        limits.maximize(initLimits.values)
        pod.requests = requests.values
        pod.limits = limits.values
        return pod
    }

    /// The job from an MPIJob object: launcher pod × 1 + worker pod × Worker replicas.
    public static func job(_ job: JSON) throws(ResourceError) -> JobResources {
        let specs = job[path: "spec", "mpiReplicaSpecs"]
        let launcherPath = "spec.mpiReplicaSpecs[Launcher].template.spec"
        let workerPath = "spec.mpiReplicaSpecs[Worker].template.spec"
        let launcher = try pod(specs?[path: "Launcher", "template", "spec"] ?? .null, field: launcherPath)
        let worker = try pod(specs?[path: "Worker", "template", "spec"] ?? .null, field: workerPath)
        let replicas = specs?[path: "Worker", "replicas"]?.intValue ?? 0
        guard replicas >= 0 else {
            throw ResourceError(field: "spec.mpiReplicaSpecs[Worker].replicas", reason: "must not be negative, got \(replicas)")
        }
        var requests = Totals()
        var limits = Totals()
        try requests.add(launcher.requests)
        try limits.add(launcher.limits)
        try requests.add(worker.requests, times: replicas, field: workerPath)
        try limits.add(worker.limits, times: replicas, field: workerPath)
        return JobResources(
            launcher: launcher, worker: worker, workerReplicas: replicas, requests: requests.values, limits: limits.values)
    }

    private static func containerUsage(
        _ container: JSON, field: String, pod: inout PodResources
    ) throws(ResourceError) -> (requests: [String: Quantity], limits: [String: Quantity]) {
        let limits = try quantities(container[path: "resources", "limits"], field: "\(field).resources.limits")
        var requests = try quantities(container[path: "resources", "requests"], field: "\(field).resources.requests")
        for (resource, limit) in limits where requests[resource] == nil {
            requests[resource] = limit
        }
        var keys: Set<String> = []
        for resource in ["cpu", "memory"] {
            if requests[resource] != nil { keys.formUnion([resource, "requests.\(resource)"]) }
            if limits[resource] != nil { keys.insert("limits.\(resource)") }
        }
        pod.keysSetByEveryContainer.formIntersection(keys)
        if !keys.isEmpty { pod.isBestEffort = false }
        return (requests, limits)
    }

    private static func quantities(_ map: JSON?, field: String) throws(ResourceError) -> [String: Quantity] {
        guard let object = map?.objectValue else { return [:] }
        var result: [String: Quantity] = [:]
        for (resource, value) in object.pairs {
            do {
                result[resource] = try Quantity(json: value)
            } catch {
                throw ResourceError(field: "\(field)[\(resource)]", reason: error.description)
            }
        }
        return result
    }
}

/// A resource map being summed.
struct Totals {
    var values: [String: Quantity] = [:]

    mutating func add(_ other: [String: Quantity], times factor: Int = 1, field: String = "") throws(ResourceError) {
        for (resource, quantity) in other {
            do {
                let scaled = try quantity.multiplied(by: factor)
                values[resource] = try (values[resource] ?? .zero).adding(scaled)
            } catch {
                throw ResourceError(field: field.isEmpty ? resource : "\(field) \(resource)", reason: error.description)
            }
        }
    }

    mutating func maximize(_ other: [String: Quantity]) {
        for (resource, quantity) in other {
            values[resource] = Quantity.max(values[resource] ?? .zero, quantity)
        }
    }
}
