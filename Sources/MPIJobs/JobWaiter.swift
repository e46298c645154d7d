import KubeClient

/// What `wait` (and `create --wait`) waits for.
public enum WaitTarget: Sendable, Equatable {
    /// Succeeded or Failed.
    case completion
    /// Running (or already finished: a job that ended has run).
    case running
    /// A condition of this type with this status (`condition=Suspended`, `condition=Running=False`).
    case condition(type: String, status: String)

    /// The conditions the v2beta1 operator sets (mpijob-facts §5); `Restarting` is defined
    /// in its API but never set, so waiting for it would never end.
    public static let conditionTypes = ["Created", "Running", "Succeeded", "Failed", "Suspended"]

    public static func parse(_ text: String) -> WaitTarget? {
        switch text.lowercased() {
        case "completion", "complete", "completed", "done": return .completion
        case "running": return .running
        default: break
        }
        guard text.lowercased().hasPrefix("condition=") else { return nil }
        let rest = text.dropFirst("condition=".count)
        let parts = rest.split(separator: "=", maxSplits: 1).map(String.init)
        guard let type = parts.first, !type.isEmpty else { return nil }
        let status = parts.count > 1 ? parts[1] : "True"
        guard let canonical = ["True", "False", "Unknown"].first(where: { $0.lowercased() == status.lowercased() })
        else { return nil }
        let known = conditionTypes.first { $0.lowercased() == type.lowercased() } ?? type
        return .condition(type: known, status: canonical)
    }
}

/// How a wait ended.
public enum WaitOutcome: Sendable, Equatable {
    case reached(MPIJob.Snapshot)
    case failed(MPIJob.Snapshot)
    case timedOut(lastPhase: JobPhase?)
    /// The job has ended, so its conditions no longer change, and the one waited for is not there.
    case unreachable(MPIJob.Snapshot, condition: String)
    case notFound
    case deleted
}

extension MPIJob {
    /// The facts a wait reports, without carrying the whole object around.
    public struct Snapshot: Sendable, Equatable {
        public var name: String
        public var phase: JobPhase
        public var failure: String?
    }

    public var snapshot: Snapshot { Snapshot(name: name, phase: phase, failure: failureSummary) }
}

/// Blocks on a watch of one MPIJob (never polling) until the target is reached, the job
/// fails, disappears, or the deadline passes. Reports within the time the server takes to
/// send the event: the handler decides on each event as it arrives.
public struct JobWaiter {
    public let api: KubeAPI

    public init(api: KubeAPI) {
        self.api = api
    }

    public static func evaluate(_ job: MPIJob, target: WaitTarget) -> WaitOutcome? {
        let phase = job.phase
        switch target {
        case .completion:
            if phase == .succeeded { return .reached(job.snapshot) }
            if phase == .failed { return .failed(job.snapshot) }
        case .running:
            if phase == .running || phase == .restarting || phase == .succeeded { return .reached(job.snapshot) }
            if phase == .failed { return .failed(job.snapshot) }
        case .condition(let type, let status):
            if let condition = job.conditions.first(where: { $0.type.lowercased() == type.lowercased() }),
                condition.status.lowercased() == status.lowercased()
            {
                return .reached(job.snapshot)
            }
            // A failed job will not reach another condition: report the failure (exit 3).
            if phase == .failed && type.lowercased() != "failed" { return .failed(job.snapshot) }
            // Once a job has ended its conditions are final: waiting on would only time out.
            if phase.isFinished { return .unreachable(job.snapshot, condition: "\(type)=\(status)") }
        }
        return nil
    }

    /// `onChange` sees every state the job passes through (for progress output).
    public func wait(name: String, namespace: String, target: WaitTarget, deadline: Double?,
                     onChange: (MPIJob) -> Void = { _ in }) throws -> WaitOutcome {
        let watcher = ListWatcher(
            api: api, collectionPath: MPIJobClient.collectionPath(namespace: namespace),
            query: [("fieldSelector", "metadata.name=\(name)")])
        var outcome: WaitOutcome?
        var sawJob = false
        var lastPhase: JobPhase?
        let end = try watcher.run(deadline: deadline) { event in
            if event.kind == .deleted {
                outcome = .deleted
                return .stop
            }
            sawJob = true
            let job = MPIJob(event.object)
            lastPhase = job.phase
            onChange(job)
            if let result = Self.evaluate(job, target: target) {
                outcome = result
                return .stop
            }
            return .proceed
        } onListed: {
            // The initial list decides "does it exist" before any waiting starts.
            if !sawJob {
                outcome = .notFound
                return .stop
            }
            return .proceed
        }
        if let outcome { return outcome }
        _ = end
        return .timedOut(lastPhase: lastPhase)
    }
}
