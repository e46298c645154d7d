import KubeClient

/// Which of a job's pods `logs` reads.
public enum LogSelection: Sendable, Equatable {
    /// Where `mpirun` gathers every rank's output: the default.
    case launcher
    /// One worker by its index (the `N` of `<job>-worker-N`).
    case worker(Int)
    case allWorkers
    /// Launcher and workers.
    case all

    public var includesLauncher: Bool { self == .launcher || self == .all }

    public var includesWorkers: Bool { self != .launcher }

    /// The role to list and watch pods by; nil for both.
    public var role: String? {
        switch self {
        case .launcher: return "launcher"
        case .worker, .allWorkers: return "worker"
        case .all: return nil
        }
    }
}

/// A selected pod that cannot be read as asked.
public enum LogTargetIssue: Sendable, Equatable {
    /// No pod exists (yet) for this launcher or worker.
    case noPod(label: String)
    /// `-c` names a container the pod does not have.
    case noContainer(label: String, pod: String, container: String, available: [String])
}

/// What a newly seen pod (or a change to a known one) means for the log engine.
public enum LogTargetChange: Sendable {
    case add(LogTarget)
    case update(id: String, state: ContainerLogState)
}

/// Turns a job's pods into log targets. Pods are chosen by the operator's labels
/// (`job-role`, `replica-index`), never by their names; targets come in output order
/// (launcher attempts oldest first, then workers by index) and are labelled `launcher`
/// and `worker-<i>`. Stateful so a follow can feed it pods as they appear and change.
public struct LogTargets: Sendable {
    public static let roleLabel = "training.kubeflow.org/job-role"
    public static let indexLabel = "training.kubeflow.org/replica-index"

    public let job: String
    public let namespace: String
    public let selection: LogSelection
    public let container: String?
    public let workerCount: Int
    /// The job had already ended when reading began: a missing pod will not come.
    public let jobEnded: Bool
    /// For an ended job: why a missing launcher or worker pod is gone.
    public let launcherRemoval: PodRemoval?
    public let workerRemoval: PodRemoval?
    /// With runLauncherAsWorker the operator labels worker i with replica-index i+1.
    let indexOffset: Int
    let prefix: @Sendable (_ label: String, _ slot: Int) -> [UInt8]

    private var known: [String: Known] = [:]
    private var uidByName: [String: String] = [:]
    private var launchersSeen = 0

    struct Known: Sendable {
        var label: String
        var state: ContainerLogState
        var target: LogTarget?
    }

    /// `prefix` renders a label's prefix bytes (empty when lines are not prefixed).
    public init(job: MPIJob, selection: LogSelection, container: String?,
                prefix: @escaping @Sendable (_ label: String, _ slot: Int) -> [UInt8] = { _, _ in [] }) {
        self.job = job.name
        namespace = job.namespace
        self.selection = selection
        self.container = container
        workerCount = job.desiredWorkers
        jobEnded = job.phase.isFinished
        let now = Timestamp.now()
        launcherRemoval = jobEnded ? PodRemoval.explain(job: job, launcher: true, now: now) : nil
        workerRemoval = jobEnded ? PodRemoval.explain(job: job, launcher: false, now: now) : nil
        indexOffset = job.object[path: "spec", "runLauncherAsWorker"]?.boolValue == true ? 1 : 0
        self.prefix = prefix
    }

    /// `--worker I` must name a worker the job has; nil if fine, else what to tell the user.
    public static func checkWorkerIndex(_ index: Int, job: MPIJob) -> String? {
        let count = job.desiredWorkers
        guard index < 0 || index >= count else { return nil }
        if count == 0 { return "mpijob \"\(job.name)\" has no workers" }
        let valid = count <= 8 ? (0..<count).map(String.init).joined(separator: ", ") : "0 to \(count - 1)"
        return "mpijob \"\(job.name)\" has no worker \(index): it has \(count) worker\(count == 1 ? "" : "s") (valid indexes: \(valid))"
    }

    /// Every label that may appear, for aligning prefixes before all pods exist.
    public var possibleLabels: [String] {
        var labels: [String] = []
        if selection.includesLauncher { labels.append("launcher") }
        switch selection {
        case .worker(let index): labels.append("worker-\(index)")
        case .allWorkers, .all: if workerCount > 0 { labels.append("worker-\(workerCount - 1)") }
        case .launcher: break
        }
        return labels
    }

    /// A one-off read: the targets for these pods in output order, and what is missing.
    public mutating func plan(_ pods: [JSON]) -> (targets: [LogTarget], issues: [LogTargetIssue]) {
        var targets: [LogTarget] = []
        var issues: [LogTargetIssue] = []
        for change in observe(pods, initial: true, issues: &issues) {
            if case .add(let target) = change { targets.append(target) }
        }
        return (targets, issues + missing())
    }

    /// Pods seen by a list or a watch. `initial`: they were there when reading began, so
    /// `--tail`/`--since` apply; later pods are read from their start.
    public mutating func observe(_ pods: [JSON], initial: Bool, issues: inout [LogTargetIssue]) -> [LogTargetChange] {
        var launchers: [(pod: JSON, created: Double)] = []
        var workers: [(pod: JSON, index: Int?, created: Double)] = []
        var changes: [LogTargetChange] = []
        for pod in pods {
            guard let uid = pod[path: "metadata", "uid"]?.stringValue else { continue }
            if let entry = known[uid] {
                guard entry.target != nil else { continue }
                let state = ContainerLogState(pod: pod, container: entry.target?.container ?? "")
                if state != entry.state {
                    known[uid]?.state = state
                    changes.append(.update(id: uid, state: state))
                }
                continue
            }
            let labels = pod[path: "metadata", "labels"]
            let created = Timestamp.parse(pod[path: "metadata", "creationTimestamp"]?.stringValue ?? "") ?? 0
            switch labels?[Self.roleLabel]?.stringValue {
            case "launcher" where selection.includesLauncher:
                launchers.append((pod, created))
            case "worker" where selection.includesWorkers:
                let index = labels?[Self.indexLabel]?.stringValue.flatMap(Int.init).map { $0 - indexOffset }
                if case .worker(let wanted) = selection, index != wanted { continue }
                workers.append((pod, index, created))
            default:
                continue
            }
        }
        launchers.sort { ($0.created, Self.name($0.pod)) < ($1.created, Self.name($1.pod)) }
        workers.sort { ($0.index ?? Int.max, $0.created, Self.name($0.pod)) < ($1.index ?? Int.max, $1.created, Self.name($1.pod)) }
        let launcherTotal = launchersSeen + launchers.count
        for (pod, _) in launchers {
            launchersSeen += 1
            var header: String?
            if launcherTotal > 1 {
                let phase = pod[path: "status", "phase"]?.stringValue
                // A pod that appears while following is new: its phase would be stale by its first line.
                let detail = initial ? [Self.name(pod), phase].compactMap { $0 }.joined(separator: ", ") : Self.name(pod)
                header = "launcher attempt \(launchersSeen) of \(launcherTotal) (\(detail))"
            }
            if let target = makeTarget(pod, label: "launcher", slot: 0, header: header, initial: initial, issues: &issues) {
                changes.append(.add(target))
            }
        }
        for (pod, index, _) in workers {
            let label = index.map { "worker-\($0)" } ?? Self.name(pod)
            if let target = makeTarget(pod, label: label, slot: (index ?? 0) + 1, header: nil, initial: initial,
                                       issues: &issues) {
                changes.append(.add(target))
            }
        }
        return changes
    }

    /// A pod was deleted (watch objects of deletions may carry only the name).
    public mutating func forget(_ pod: JSON) -> [LogTargetChange] {
        let uid = pod[path: "metadata", "uid"]?.stringValue ?? uidByName[Self.name(pod)]
        guard let uid, let entry = known[uid], entry.target != nil, entry.state != .gone else { return [] }
        known[uid]?.state = .gone
        return [.update(id: uid, state: .gone)]
    }

    /// Selected launcher or workers that have no pod at all yet.
    public func missing() -> [LogTargetIssue] {
        let labels = Set(known.values.map(\.label))
        var issues: [LogTargetIssue] = []
        if selection.includesLauncher && !labels.contains("launcher") { issues.append(.noPod(label: "launcher")) }
        switch selection {
        case .worker(let index):
            if !labels.contains("worker-\(index)") { issues.append(.noPod(label: "worker-\(index)")) }
        case .allWorkers, .all:
            for index in 0..<max(0, workerCount) where !labels.contains("worker-\(index)") {
                issues.append(.noPod(label: "worker-\(index)"))
            }
        case .launcher:
            break
        }
        return issues
    }

    private mutating func makeTarget(_ pod: JSON, label: String, slot: Int, header: String?, initial: Bool,
                                     issues: inout [LogTargetIssue]) -> LogTarget? {
        let uid = pod[path: "metadata", "uid"]?.stringValue ?? ""
        let name = Self.name(pod)
        uidByName[name] = uid
        let names = Self.containerNames(pod)
        let chosen: String
        if let container {
            guard names.contains(container) else {
                known[uid] = Known(label: label, state: .gone, target: nil)
                issues.append(.noContainer(label: label, pod: name, container: container, available: names))
                return nil
            }
            chosen = container
        } else {
            // containers[0] is the MPI container: the operator puts its env and mounts there.
            guard let first = pod[path: "spec", "containers"]?[0]?["name"]?.stringValue else {
                known[uid] = Known(label: label, state: .gone, target: nil)
                issues.append(.noContainer(label: label, pod: name, container: "", available: names))
                return nil
            }
            chosen = first
        }
        let state = ContainerLogState(pod: pod, container: chosen)
        let target = LogTarget(
            id: uid, namespace: pod[path: "metadata", "namespace"]?.stringValue ?? namespace, pod: name,
            container: chosen, label: label, prefix: prefix(label, slot), header: header, state: state,
            readFromStart: !initial)
        known[uid] = Known(label: label, state: state, target: target)
        return target
    }

    static func name(_ pod: JSON) -> String { pod[path: "metadata", "name"]?.stringValue ?? "" }

    static func containerNames(_ pod: JSON) -> [String] {
        ((pod[path: "spec", "containers"]?.arrayValue ?? []) + (pod[path: "spec", "initContainers"]?.arrayValue ?? []))
            .compactMap { $0["name"]?.stringValue }
    }
}
