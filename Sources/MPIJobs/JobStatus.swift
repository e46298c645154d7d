import KubeClient

/// The one-word state a person wants to see, derived from conditions and replica counts
/// (the operator itself has no such field).
public enum JobPhase: String, Sendable, CaseIterable {
    case pending = "Pending"
    case queued = "Queued"
    /// Admitted by Kueue, pods not all running yet (only with the Workload in view: `phase(workload:)`).
    case admitted = "Admitted"
    case running = "Running"
    case restarting = "Restarting"
    case succeeded = "Succeeded"
    case failed = "Failed"
    case suspended = "Suspended"

    public var isFinished: Bool { self == .succeeded || self == .failed }

    /// Accepts any case (`--status running,failed`).
    public init?(caseInsensitive text: String) {
        guard let match = JobPhase.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else {
            return nil
        }
        self = match
    }
}

extension MPIJob {
    public var phase: JobPhase {
        if condition("Failed")?.isTrue == true { return .failed }
        if condition("Succeeded")?.isTrue == true { return .succeeded }
        if condition("Suspended")?.isTrue == true || (isSuspended && !(condition("Running")?.isTrue ?? false)) {
            // Kueue holds a job by suspending it; with a queue label it is waiting in line.
            return queueName != nil && isSuspended ? .queued : .suspended
        }
        // The v2beta1 operator never sets Restarting: a launcher Job with failed attempts
        // and a new active pod is what a restart looks like (DESIGN §3), and so is a launcher
        // pod crash-looping in place, for a command that read the pod.
        let counts = replicaStatus("Launcher")
        if condition("Restarting")?.isTrue == true || (counts.failed > 0 && counts.active > 0)
            || launcher?.isRestarting == true
        {
            return .restarting
        }
        if condition("Running")?.isTrue == true { return .running }
        return .pending
    }

    /// Workers whose pods run, as the operator counts them (`replicaStatuses.Worker.active`).
    public var readyWorkers: Int { replicaStatus("Worker").active }

    /// Launcher state for `-o wide`.
    public var launcherState: String {
        let launcher = replicaStatus("Launcher")
        if launcher.succeeded > 0 { return "Succeeded" }
        if launcher.active > 0 { return launcher.failed > 0 ? "Running (\(launcher.failed) failed)" : "Running" }
        if launcher.failed > 0 { return "Failed" }
        if object[path: "status", "replicaStatuses", "Launcher"] != nil { return "Pending" }
        return "-"
    }

    /// How long the job ran: start to completion, or start to now while running.
    public func duration(now: Double) -> String {
        guard let started = startTime.flatMap(Timestamp.parse) else { return "-" }
        let end = completionTime.flatMap(Timestamp.parse) ?? now
        return Age.human(seconds: end - started)
    }

    /// The reason and message of the condition that ended the job, for `wait` and `create --wait`.
    public var failureSummary: String? {
        guard let failed = condition("Failed"), failed.isTrue else { return nil }
        return failed.summary
    }
}
