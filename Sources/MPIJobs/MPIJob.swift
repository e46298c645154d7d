import KubeClient

/// Read-only typed view of an MPIJob object. The JSON stays the source of truth, so
/// `-o json` prints exactly what the server sent while tables read the few fields they need.
public struct MPIJob: Sendable {
    public static let group = "kubeflow.org"
    public static let version = "v2beta1"
    public static let apiVersion = "kubeflow.org/v2beta1"
    public static let kind = "MPIJob"
    public static let plural = "mpijobs"
    /// The CRD's name, for messages about the resource type.
    public static let resource = "mpijobs.kubeflow.org"
    /// How kubectl names one object in output: `mpijob.kubeflow.org/NAME`.
    public static let objectName = "mpijob.kubeflow.org"
    public static let queueLabel = "kueue.x-k8s.io/queue-name"
    public static let gpuResource = "nvidia.com/gpu"

    public var object: JSON
    /// The launcher pod as a command that read it saw it (nil when no pods were read):
    /// a crash loop in place shows only there (see `LauncherObservation`).
    public var launcher: LauncherObservation?

    public init(_ object: JSON) {
        self.object = object
    }

    public var name: String { object[path: "metadata", "name"]?.stringValue ?? "" }
    public var namespace: String { object[path: "metadata", "namespace"]?.stringValue ?? "" }
    public var creationTimestamp: String? { object[path: "metadata", "creationTimestamp"]?.stringValue }
    public var deletionTimestamp: String? { object[path: "metadata", "deletionTimestamp"]?.stringValue }
    public var resourceVersion: String? { object[path: "metadata", "resourceVersion"]?.stringValue }
    public var uid: String? { object[path: "metadata", "uid"]?.stringValue }

    public var labels: [String: String] { Self.stringMap(object[path: "metadata", "labels"]) }
    public var annotations: [String: String] { Self.stringMap(object[path: "metadata", "annotations"]) }

    public var queueName: String? { labels[Self.queueLabel] }
    public var isSuspended: Bool { object[path: "spec", "runPolicy", "suspend"]?.boolValue ?? false }
    public var mpiImplementation: String { object[path: "spec", "mpiImplementation"]?.stringValue ?? "OpenMPI" }
    public var slotsPerWorker: Int { object[path: "spec", "slotsPerWorker"]?.intValue ?? 1 }

    func replicaSpec(_ role: String) -> JSON? { object[path: "spec", "mpiReplicaSpecs", role] }

    /// Worker replicas as written; a missing count is 0 to the operator (mpijob-facts §3).
    public var desiredWorkers: Int { replicaSpec("Worker")?["replicas"]?.intValue ?? 0 }

    public var launcherImage: String? { Self.firstContainer(replicaSpec("Launcher"))?["image"]?.stringValue }
    public var workerImage: String? { Self.firstContainer(replicaSpec("Worker"))?["image"]?.stringValue }
    public var image: String { workerImage ?? launcherImage ?? "" }

    /// GPUs the whole job asks for: launcher plus every worker, by `nvidia.com/gpu` limits
    /// (requests must equal limits for extended resources).
    public var totalGPUs: Int {
        func gpus(_ spec: JSON?) -> Int {
            var sum = 0
            for container in spec?[path: "template", "spec", "containers"]?.arrayValue ?? [] {
                let value = container[path: "resources", "limits", Self.gpuResource]
                    ?? container[path: "resources", "requests", Self.gpuResource]
                if let text = value?.stringValue, let n = Int(text) {
                    sum += n
                } else if let n = value?.intValue {
                    sum += n
                }
            }
            return sum
        }
        let launcher = gpus(replicaSpec("Launcher")) * max(1, replicaSpec("Launcher")?["replicas"]?.intValue ?? 1)
        return launcher + gpus(replicaSpec("Worker")) * desiredWorkers
    }

    public var conditions: [JobCondition] {
        (object[path: "status", "conditions"]?.arrayValue ?? []).map(JobCondition.init)
    }

    public func condition(_ type: String) -> JobCondition? {
        conditions.first { $0.type == type }
    }

    public func replicaStatus(_ role: String) -> ReplicaCounts {
        let status = object[path: "status", "replicaStatuses", role]
        return ReplicaCounts(
            active: status?["active"]?.intValue ?? 0,
            succeeded: status?["succeeded"]?.intValue ?? 0,
            failed: status?["failed"]?.intValue ?? 0)
    }

    public var startTime: String? { object[path: "status", "startTime"]?.stringValue }
    public var completionTime: String? { object[path: "status", "completionTime"]?.stringValue }

    static func stringMap(_ value: JSON?) -> [String: String] {
        var map: [String: String] = [:]
        for (key, value) in value?.objectValue?.pairs ?? [] {
            if let text = value.stringValue { map[key] = text }
        }
        return map
    }

    static func firstContainer(_ spec: JSON?) -> JSON? {
        spec?[path: "template", "spec", "containers"]?[0]
    }
}

public struct JobCondition: Sendable, Equatable {
    public var type: String
    public var status: String
    public var reason: String
    public var message: String
    public var lastTransitionTime: String?

    public init(_ json: JSON) {
        type = json["type"]?.stringValue ?? ""
        status = json["status"]?.stringValue ?? ""
        reason = json["reason"]?.stringValue ?? ""
        message = json["message"]?.stringValue ?? ""
        lastTransitionTime = json["lastTransitionTime"]?.stringValue ?? json["lastUpdateTime"]?.stringValue
    }

    public var isTrue: Bool { status == "True" }

    /// `reason: message`, either alone, or nil: how a job's end is told in one line.
    public var summary: String? {
        switch (reason.isEmpty, message.isEmpty) {
        case (false, false): return "\(reason): \(message)"
        case (false, true): return reason
        case (true, false): return message
        case (true, true): return nil
        }
    }

    /// Conditions oldest first (by last transition; the listed order breaks ties): a job's timeline.
    public static func timeline(_ conditions: [JobCondition]) -> [JobCondition] {
        conditions.enumerated().sorted { a, b in
            let ta = a.element.lastTransitionTime.flatMap(Timestamp.parse) ?? 0
            let tb = b.element.lastTransitionTime.flatMap(Timestamp.parse) ?? 0
            return ta != tb ? ta < tb : a.offset < b.offset
        }.map(\.element)
    }
}

public struct ReplicaCounts: Sendable, Equatable {
    public var active: Int
    public var succeeded: Int
    public var failed: Int
}
