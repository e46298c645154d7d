import KubeClient

/// One conclusion about a job: what is wrong (with the evidence) and what to do about it.
public struct Finding: Sendable, Equatable {
    public enum Severity: String, Sendable, Comparable {
        case error
        case warning
        case info

        var rank: Int {
            switch self {
            case .error: return 0
            case .warning: return 1
            case .info: return 2
            }
        }

        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    /// A stable identifier scripts can match on (`oom-killed`, `image-pull`, …).
    public var rule: String
    public var severity: Severity
    /// The likely cause, citing the evidence (pod name, event text, exit code).
    public var cause: String
    /// What to change, as concretely as the evidence allows.
    public var fix: String

    public init(rule: String, severity: Severity, cause: String, fix: String) {
        self.rule = rule
        self.severity = severity
        self.cause = cause
        self.fix = fix
    }
}

/// Everything a rule may look at. Rules are pure: the same facts give the same findings.
public struct DiagnosisFacts: Sendable {
    public var job: MPIJob
    public var pods: [PodSummary]
    public var events: [JobEvent]
    /// Wall-clock seconds since the epoch.
    public var now: Double
    /// Kueue's side, for a job with a queue label on a cluster that serves Kueue.
    public var queue: QueueFacts?

    public init(job: MPIJob, pods: [PodSummary], events: [JobEvent], now: Double, queue: QueueFacts? = nil) {
        self.job = job
        self.pods = pods
        self.events = events
        self.now = now
        self.queue = queue
    }

    public var workers: [PodSummary] { pods.filter { $0.role == .worker } }
    public var launchers: [PodSummary] { pods.filter { $0.role == .launcher } }
    public var phase: JobPhase { job.phase(workload: queue?.workload.value) }
    public var name: String { job.name }
    public var namespace: String { job.namespace }

    /// Seconds since the job was created (0 when unknown).
    public var age: Double {
        guard let created = job.creationTimestamp.flatMap(Timestamp.parse) else { return 0 }
        return now - created
    }

    public func warnings(reason: String) -> [JobEvent] {
        events.filter { $0.isWarning && $0.reason == reason }
    }
}

/// The diagnosis of a job: every rule run over the same facts, most severe first.
public enum Diagnosis {
    public static func findings(job: MPIJob, pods: [PodSummary], events: [JobEvent], now: Double,
                                queue: QueueFacts? = nil) -> [Finding] {
        findings(DiagnosisFacts(job: job, pods: pods, events: events, now: now, queue: queue))
    }

    public static func findings(_ facts: DiagnosisFacts) -> [Finding] {
        var found: [Finding] = []
        if facts.queue != nil {
            for rule in KueueDiagnosisRules.all { found += rule(facts) }
        }
        for rule in DiagnosisRules.all {
            for finding in rule(facts) where !found.contains(where: { $0.rule == finding.rule && $0.cause == finding.cause }) {
                if facts.queue != nil && KueueDiagnosisRules.replaces.contains(finding.rule) { continue }
                found.append(finding)
            }
        }
        if !found.contains(where: { $0.severity == .error }) {
            found += DiagnosisRules.failedOtherwise(facts)
        }
        // Stable: rules keep their order within a severity.
        return found.enumerated().sorted { a, b in
            a.element.severity != b.element.severity ? a.element.severity < b.element.severity : a.offset < b.offset
        }.map(\.element)
    }
}

extension Array where Element == String {
    /// `a`, `a and b`, `a, b and 3 more`: pod lists in messages stay one line.
    package func humanList(limit: Int = 3) -> String {
        switch count {
        case 0: return ""
        case 1: return self[0]
        case ...limit: return dropLast().joined(separator: ", ") + " and " + (last ?? "")
        default: return prefix(limit).joined(separator: ", ") + " and \(count - limit) more"
        }
    }
}
