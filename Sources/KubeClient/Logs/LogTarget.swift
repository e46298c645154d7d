/// One container whose log the engine reads, and how its lines are shown.
public struct LogTarget: Sendable {
    /// The pod's UID: a pod recreated under the same name is another target.
    public var id: String
    public var namespace: String
    public var pod: String
    public var container: String
    /// The short name used in messages: `launcher`, `worker-3`.
    public var label: String
    /// Bytes written before every line (colored and padded by the caller); empty for none.
    public var prefix: [UInt8]
    /// Said once before the target's lines, e.g. which launcher attempt this is.
    public var header: String?
    public var state: ContainerLogState
    /// A pod that appeared after following began: all of its log is new, so `--tail` and
    /// `--since` (which are about what was there already) do not apply to it.
    public var readFromStart: Bool

    public init(id: String, namespace: String, pod: String, container: String, label: String,
                prefix: [UInt8] = [], header: String? = nil, state: ContainerLogState, readFromStart: Bool = false) {
        self.id = id
        self.namespace = namespace
        self.pod = pod
        self.container = container
        self.label = label
        self.prefix = prefix
        self.header = header
        self.state = state
        self.readFromStart = readFromStart
    }
}

/// What a container's log can give right now, read from the pod's status. The engine uses
/// it to tell a dropped stream (reconnect) from a container that ended (drained).
public enum ContainerLogState: Sendable, Equatable {
    /// Not started: nothing to read yet (`ContainerCreating`, `ImagePullBackOff`, …).
    case waiting(reason: String)
    /// Running; `instance` (the container ID) changes when the container restarts.
    case running(instance: String)
    /// Ended; `final` when it will not run again (restartPolicy Never, or the pod is done).
    case terminated(instance: String, final: Bool)
    /// The pod was deleted.
    case gone

    public var hasStarted: Bool {
        switch self {
        case .running, .terminated: return true
        case .waiting, .gone: return false
        }
    }

    /// Reads the state of `container` from a pod object.
    public init(pod: JSON, container: String) {
        let status = pod["status"]
        let phase = status?["phase"]?.stringValue ?? ""
        let podFinished = phase == "Succeeded" || phase == "Failed"
        let restartPolicy = pod[path: "spec", "restartPolicy"]?.stringValue ?? "Always"
        let statuses = (status?["containerStatuses"]?.arrayValue ?? [])
            + (status?["initContainerStatuses"]?.arrayValue ?? [])
        guard let found = statuses.first(where: { $0["name"]?.stringValue == container }) else {
            self = .waiting(reason: Self.podReason(pod, phase: phase))
            return
        }
        let restarts = found["restartCount"]?.intValue ?? 0
        let instance = found["containerID"]?.stringValue ?? "run-\(restarts)"
        if found[path: "state", "running"] != nil {
            self = .running(instance: instance)
        } else if let ended = found[path: "state", "terminated"] {
            let exitCode = ended["exitCode"]?.intValue ?? 1
            let final = podFinished || restartPolicy == "Never" || (restartPolicy == "OnFailure" && exitCode == 0)
            self = .terminated(instance: ended["containerID"]?.stringValue ?? instance, final: final)
        } else if let last = found[path: "lastState", "terminated"] {
            // Between two runs (CrashLoopBackOff): the log of the run that ended is readable.
            self = .terminated(instance: last["containerID"]?.stringValue ?? "run-\(restarts - 1)", final: podFinished)
        } else {
            self = .waiting(reason: found[path: "state", "waiting", "reason"]?.stringValue ?? "ContainerCreating")
        }
    }

    /// Why a pod without a status for the container has not started it.
    static func podReason(_ pod: JSON, phase: String) -> String {
        for condition in pod[path: "status", "conditions"]?.arrayValue ?? []
        where condition["type"]?.stringValue == "PodScheduled" && condition["status"]?.stringValue == "False" {
            let reason = condition["reason"]?.stringValue ?? "not scheduled"
            // The scheduler's message says which resource is short; its preemption postscript adds nothing.
            guard var message = condition["message"]?.stringValue, !message.isEmpty else { return reason }
            if let cut = message.firstRange(of: " preemption:") { message = String(message[..<cut.lowerBound]) }
            message = message.trimmingCharacters(in: [" ", "."])
            return "\(reason) (\(message))"
        }
        if let reason = pod[path: "status", "reason"]?.stringValue, !reason.isEmpty { return reason }
        return phase.isEmpty ? "Pending" : phase
    }
}

/// What to read, as `kubectl logs` asks the API server. The engine reads; the caller says.
public struct LogOptions: Sendable {
    /// Keep streams open and read new lines as they come.
    public var follow = false
    public var tailLines: Int?
    public var sinceSeconds: Int?
    /// Show the server's timestamps (they are always requested internally, to resume).
    public var showTimestamps = false
    /// The previous, terminated run of the container.
    public var previous = false
    public var limitBytes: Int?

    public init(follow: Bool = false, tailLines: Int? = nil, sinceSeconds: Int? = nil, showTimestamps: Bool = false,
                previous: Bool = false, limitBytes: Int? = nil) {
        self.follow = follow
        self.tailLines = tailLines
        self.sinceSeconds = sinceSeconds
        self.showTimestamps = showTimestamps
        self.previous = previous
        self.limitBytes = limitBytes
    }

    /// Without follow, whole logs are shown one pod after another, in target order; with it,
    /// lines interleave as they arrive.
    var grouped: Bool { !follow }

    /// A byte limit counts the timestamps too, and a resumed request could not honour it
    /// exactly: with `limitBytes`, streams are read once, as asked.
    var canResume: Bool { limitBytes == nil }

    var requestTimestamps: Bool { showTimestamps || canResume }
}
