import KubeClient

/// How a container ended, from `state.terminated` or `lastState.terminated`.
public struct Termination: Sendable, Equatable {
    public var reason: String
    public var exitCode: Int
    public var signal: Int?
    public var message: String
    public var finishedAt: String?

    init?(_ json: JSON?) {
        guard let json, json.objectValue != nil else { return nil }
        reason = json["reason"]?.stringValue ?? ""
        exitCode = json["exitCode"]?.intValue ?? 0
        signal = json["signal"]?.intValue
        message = json["message"]?.stringValue ?? ""
        finishedAt = json["finishedAt"]?.stringValue
    }

    /// `OOMKilled (exit 137)`, `Error (exit 1)`, `ExitCode:2` when the runtime gave no reason.
    public var label: String {
        if reason.isEmpty {
            if let signal, signal != 0 { return "Signal:\(signal)" }
            return "ExitCode:\(exitCode)"
        }
        return exitCode == 0 ? reason : "\(reason) (exit \(exitCode))"
    }

    public var isFailure: Bool { exitCode != 0 || reason == "OOMKilled" }
}

/// One container's status merged with what its spec asked for.
public struct ContainerSummary: Sendable, Equatable {
    public enum State: Sendable, Equatable {
        case waiting(reason: String, message: String)
        case running
        case terminated(Termination)
        /// No status yet (the pod is not scheduled).
        case unknown
    }

    public var name: String
    public var image: String
    public var isInit: Bool
    public var ready: Bool
    public var restartCount: Int
    public var state: State
    public var lastTermination: Termination?
    public var memoryLimit: String?
    /// An init container with `restartPolicy: Always` (a native sidecar such as istio-proxy).
    public var isSidecar: Bool

    public var waitingReason: String? {
        if case .waiting(let reason, _) = state, !reason.isEmpty { return reason }
        return nil
    }

    public var termination: Termination? {
        if case .terminated(let termination) = state { return termination }
        return nil
    }
}

/// A pod of an MPIJob reduced to what `describe` shows and diagnosis reasons about.
public struct PodSummary: Sendable, Equatable {
    public enum Role: String, Sendable {
        case launcher
        case worker
        case other
    }

    public static let roleLabel = "training.kubeflow.org/job-role"
    public static let indexLabel = "training.kubeflow.org/replica-index"
    public static let istioContainer = "istio-proxy"
    public static let istioStatusAnnotation = "sidecar.istio.io/status"

    public var name: String
    public var uid: String?
    public var role: Role
    public var index: Int?
    public var phase: String
    public var readyContainers: Int
    public var totalContainers: Int
    public var restarts: Int
    public var node: String?
    /// The one word a person looks for first (kubectl's STATUS column logic, plus
    /// `Unschedulable` for pending pods the scheduler refused).
    public var reason: String?
    /// Exit code of the container that explains `reason`, when it terminated.
    public var exitCode: Int?
    /// The message that goes with `reason` (waiting message, scheduler message, pod message).
    public var message: String?
    public var creationTimestamp: String?
    public var deletionTimestamp: String?
    public var containers: [ContainerSummary]
    public var initContainers: [ContainerSummary]
    /// PodScheduled=False's message (`0/3 nodes are available: 3 Insufficient nvidia.com/gpu.`).
    public var unschedulableMessage: String?
    public var hasIstioSidecar: Bool
    /// The pod's Ready condition.
    public var isReady: Bool

    public init(_ pod: JSON) {
        let metadata = pod["metadata"]
        name = metadata?["name"]?.stringValue ?? ""
        uid = metadata?["uid"]?.stringValue
        let labels = MPIJob.stringMap(metadata?["labels"])
        role = labels[Self.roleLabel].flatMap(Role.init(rawValue:)) ?? .other
        index = labels[Self.indexLabel].flatMap { Int($0) }
        creationTimestamp = metadata?["creationTimestamp"]?.stringValue
        deletionTimestamp = metadata?["deletionTimestamp"]?.stringValue
        let status = pod["status"]
        phase = status?["phase"]?.stringValue ?? "Pending"
        node = pod[path: "spec", "nodeName"]?.stringValue

        containers = Self.containers(spec: pod[path: "spec", "containers"], statuses: status?["containerStatuses"],
                                     isInit: false)
        initContainers = Self.containers(spec: pod[path: "spec", "initContainers"],
                                         statuses: status?["initContainerStatuses"], isInit: true)
        totalContainers = containers.count
        readyContainers = containers.filter(\.ready).count
        restarts = (containers + initContainers).reduce(0) { $0 + $1.restartCount }

        let conditions = status?["conditions"]?.arrayValue ?? []
        let scheduled = conditions.first { $0["type"]?.stringValue == "PodScheduled" }
        if scheduled?["status"]?.stringValue == "False" {
            unschedulableMessage = scheduled?["message"]?.stringValue ?? scheduled?["reason"]?.stringValue
        } else {
            unschedulableMessage = nil
        }
        isReady = conditions.contains { $0["type"]?.stringValue == "Ready" && $0["status"]?.stringValue == "True" }

        let annotations = MPIJob.stringMap(metadata?["annotations"])
        hasIstioSidecar = annotations[Self.istioStatusAnnotation] != nil
            || (containers + initContainers).contains { $0.name == Self.istioContainer }

        (reason, exitCode, message) = Self.explain(
            phase: phase, podReason: status?["reason"]?.stringValue, podMessage: status?["message"]?.stringValue,
            deleting: deletionTimestamp != nil, containers: containers, initContainers: initContainers,
            scheduled: scheduled)
    }

    /// The MPI container: the operator always runs MPI in `containers[0]`.
    public var mainContainer: ContainerSummary? { containers.first }

    public var isRunning: Bool { phase == "Running" }
    public var isFinished: Bool { phase == "Succeeded" || phase == "Failed" }

    /// `launcher` or `worker-3`, for messages.
    public var roleLabel: String {
        switch role {
        case .launcher: return "launcher"
        case .worker: return index.map { "worker-\($0)" } ?? "worker"
        case .other: return "pod"
        }
    }

    static func containers(spec: JSON?, statuses: JSON?, isInit: Bool) -> [ContainerSummary] {
        let byName = Dictionary(
            (statuses?.arrayValue ?? []).map { ($0["name"]?.stringValue ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        return (spec?.arrayValue ?? []).map { container in
            let name = container["name"]?.stringValue ?? ""
            let status = byName[name]
            let state: ContainerSummary.State
            if let waiting = status?[path: "state", "waiting"] {
                state = .waiting(reason: waiting["reason"]?.stringValue ?? "",
                                 message: waiting["message"]?.stringValue ?? "")
            } else if let terminated = Termination(status?[path: "state", "terminated"]) {
                state = .terminated(terminated)
            } else if status?[path: "state", "running"] != nil {
                state = .running
            } else {
                state = .unknown
            }
            return ContainerSummary(
                name: name, image: container["image"]?.stringValue ?? status?["image"]?.stringValue ?? "",
                isInit: isInit, ready: status?["ready"]?.boolValue ?? false,
                restartCount: status?["restartCount"]?.intValue ?? 0, state: state,
                lastTermination: Termination(status?[path: "lastState", "terminated"]),
                memoryLimit: container[path: "resources", "limits", "memory"]?.stringValue
                    ?? container[path: "resources", "limits", "memory"]?.intValue.map(String.init),
                isSidecar: isInit && container["restartPolicy"]?.stringValue == "Always")
        }
    }

    /// kubectl's pod STATUS logic (printPod), in its order: pod reason, init containers,
    /// then containers, `Terminating` last; an unschedulable pending pod says so.
    static func explain(phase: String, podReason: String?, podMessage: String?, deleting: Bool,
                        containers: [ContainerSummary], initContainers: [ContainerSummary], scheduled: JSON?)
        -> (String?, Int?, String?)
    {
        var reason: String? = podReason.flatMap { $0.isEmpty ? nil : $0 }
        var exitCode: Int?
        var message: String? = podMessage.flatMap { $0.isEmpty ? nil : $0 }
        var initializing = false
        for (i, container) in initContainers.enumerated() {
            switch container.state {
            case .unknown:
                // No status yet: nothing has started, the scheduler's word says more.
                break
            case .terminated(let termination) where termination.exitCode == 0:
                continue
            case .running where container.isSidecar:
                // A native sidecar (restartPolicy Always) keeps running beside the pod.
                continue
            case .terminated(let termination):
                reason = "Init:" + termination.label
                exitCode = termination.exitCode
                message = termination.message.isEmpty ? nil : termination.message
                initializing = true
            case .waiting(let waiting, let text) where !waiting.isEmpty && waiting != "PodInitializing":
                reason = "Init:" + waiting
                message = text.isEmpty ? nil : text
                initializing = true
            default:
                reason = "Init:\(i)/\(initContainers.count)"
                initializing = true
            }
            break
        }
        if !initializing {
            // Prefer the MPI container (containers[0]); a sidecar's state explains less.
            for container in containers.reversed() {
                switch container.state {
                case .waiting(let waiting, let text) where !waiting.isEmpty:
                    reason = waiting
                    exitCode = nil
                    message = text.isEmpty ? nil : text
                case .terminated(let termination):
                    reason = termination.label
                    exitCode = termination.exitCode
                    message = termination.message.isEmpty ? nil : termination.message
                case .running where container.lastTermination?.isFailure == true:
                    if let last = container.lastTermination {
                        reason = "restarted after " + last.label
                        exitCode = last.exitCode
                    }
                default:
                    continue
                }
            }
        }
        if reason == nil, phase == "Pending", scheduled?["status"]?.stringValue == "False" {
            reason = scheduled?["reason"]?.stringValue ?? "Unschedulable"
            message = scheduled?["message"]?.stringValue
        }
        if deleting { reason = "Terminating" }
        return (reason, exitCode, message)
    }

    /// Launchers first (oldest attempt first), then workers by index, then anything else.
    public static func ordered(_ pods: [PodSummary]) -> [PodSummary] {
        func rank(_ pod: PodSummary) -> Int {
            switch pod.role {
            case .launcher: return 0
            case .worker: return 1
            case .other: return 2
            }
        }
        return pods.sorted { a, b in
            if rank(a) != rank(b) { return rank(a) < rank(b) }
            if a.role == .worker, let x = a.index, let y = b.index, x != y { return x < y }
            let ta = Timestamp.parse(a.creationTimestamp ?? "") ?? 0
            let tb = Timestamp.parse(b.creationTimestamp ?? "") ?? 0
            return ta != tb ? ta < tb : a.name < b.name
        }
    }
}
