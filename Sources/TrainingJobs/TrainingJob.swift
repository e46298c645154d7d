import KubeClient
import MPIJobs

/// A job of any kind, as the server sent it: the JSON stays the source of truth (`-o json`
/// prints it unchanged) while tables read what the job's kind derives from it.
public struct TrainingJob: Sendable {
    public let kind: any TrainingJobKind
    public var object: JSON

    public init(kind: any TrainingJobKind, object: JSON) {
        self.kind = kind
        self.object = object
    }

    public var name: String { object[path: "metadata", "name"]?.stringValue ?? "" }
    public var namespace: String { object[path: "metadata", "namespace"]?.stringValue ?? "" }
    public var uid: String? { object[path: "metadata", "uid"]?.stringValue }
    public var creationTimestamp: String? { object[path: "metadata", "creationTimestamp"]?.stringValue }
    public var labels: [String: String] { Self.stringMap(object[path: "metadata", "labels"]) }
    public var annotations: [String: String] { Self.stringMap(object[path: "metadata", "annotations"]) }
    public var queueName: String? { labels[MPIJob.queueLabel] }

    /// `pytorchjob/mnist`: how a person names it on the command line.
    public var reference: String { "\(kind.kind.lowercased())/\(name)" }

    public var phase: JobPhase { kind.phase(of: object) }
    public var replicas: [ReplicaCount] { kind.replicas(of: object) }
    public var desiredPods: Int { replicas.reduce(0) { $0 + $1.desired } }
    public var activePods: Int { replicas.reduce(0) { $0 + $1.active } }

    public var conditions: [JobCondition] {
        (object[path: "status", "conditions"]?.arrayValue ?? []).map(JobCondition.init)
    }

    public func condition(_ type: String) -> JobCondition? { conditions.first { $0.type == type } }

    /// When it started running: `status.startTime` (training-operator, MPIJob), else the time the
    /// Trainer lifted suspension, else creation.
    public var startTime: String? {
        object[path: "status", "startTime"]?.stringValue
    }

    /// When it ended: `status.completionTime`, else the time of the condition that ended it.
    public var completionTime: String? {
        if let time = object[path: "status", "completionTime"]?.stringValue { return time }
        guard phase.isFinished else { return nil }
        return conditions.first { ["Complete", "Succeeded", "Failed"].contains($0.type) && $0.isTrue }?
            .lastTransitionTime
    }

    /// How long it ran: start (or creation) to end, or to now while it runs.
    public func duration(now: Double) -> String {
        guard let started = (startTime ?? creationTimestamp).flatMap(Timestamp.parse) else { return "-" }
        if phase == .pending || phase == .queued || phase == .suspended { return "-" }
        let end = completionTime.flatMap(Timestamp.parse) ?? now
        return Age.human(seconds: end - started)
    }

    /// GPUs the whole job asks for (every role's pods, by `nvidia.com/gpu` limits, else requests).
    public var totalGPUs: Int {
        var total = 0
        for template in kind.podTemplates(of: object) {
            var perPod = 0
            for container in template.spec["containers"]?.arrayValue ?? [] {
                let value = container[path: "resources", "limits", MPIJob.gpuResource]
                    ?? container[path: "resources", "requests", MPIJob.gpuResource]
                perPod += value?.stringValue.flatMap { Int($0) } ?? value?.intValue ?? 0
            }
            total += perPod * template.count
        }
        return total
    }

    /// The first container's image of the first role that has one.
    public var image: String {
        for template in kind.podTemplates(of: object) {
            if let image = template.spec[path: "containers"]?[0]?["image"]?.stringValue { return image }
        }
        return ""
    }

    /// Reason and message of the condition that ended it badly, for `describe` and `wait`-like ends.
    public var failureSummary: String? {
        guard let failed = condition("Failed"), failed.isTrue else { return nil }
        return failed.summary
    }

    static func stringMap(_ value: JSON?) -> [String: String] {
        var map: [String: String] = [:]
        for (key, value) in value?.objectValue?.pairs ?? [] {
            if let text = value.stringValue { map[key] = text }
        }
        return map
    }
}
