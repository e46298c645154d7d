import KubeClient
import MPIJobs

/// `mpijob wait NAME`: block on a watch until the job ends (or reaches `--for`), with the
/// outcome as the exit code — what `kubectl wait` cannot do for "Succeeded or Failed".
struct WaitCommand: CLICommand {
    static let spec = CommandSpec(
        name: "wait", summary: "Wait for an MPIJob to finish (exit 0 Succeeded, 3 Failed, 5 timeout)",
        usage: ["NAME [--for completion|running|condition=TYPE[=STATUS]] [--timeout DURATION]"],
        options: [
            OptionSpec(long: "for", kind: .value, valueName: "STATE",
                       help: "completion, running, or condition=TYPE[=True|False]",
                       completion: .choices(["completion", "running", "condition=Running", "condition=Suspended"]),
                       defaultValue: "completion"),
            SharedOptions.timeout,
        ],
        positionals: [PositionalSpec(name: "NAME", help: "MPIJob name", completion: .mpijobName)],
        examples: [
            "kubectl odh mpijob wait pi --timeout 30m && echo trained",
            "kubectl odh mpijob wait pi --for running --timeout 5m",
        ])

    var name: String
    var target: WaitTarget
    var timeout: Double?

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        guard parsed.positionals.count == 1 else {
            throw UsageError(parsed.positionals.isEmpty ? "wait needs the name of an MPIJob" : "wait takes one MPIJob name")
        }
        name = parsed.positionals[0]
        if let raw = parsed.string("for") {
            guard let target = WaitTarget.parse(raw) else {
                throw UsageError("invalid --for \"\(raw)\": use completion, running or condition=TYPE[=True|False]")
            }
            if case .condition(let type, _) = target, !WaitTarget.conditionTypes.contains(type) {
                let why = type.lowercased() == "restarting"
                    ? "the mpi-operator (v2beta1) never sets the Restarting condition, so it would never come"
                    : "MPIJobs have no condition \"\(type)\", so it would never come"
                throw UsageError("cannot wait for condition \(type): \(why)",
                                 hint: "conditions: \(WaitTarget.conditionTypes.joined(separator: ", ")); or --for completion|running")
            }
            self.target = target
        } else {
            target = .completion
        }
        timeout = try SharedOptions.parseTimeout(parsed)
    }

    func run(_ session: Session) throws -> ExitCode {
        let namespace = try session.namespace
        let api = try session.api()
        let deadline = timeout.map { Monotonic.now() + $0 }
        return try WaitReporter(session: session, name: name, namespace: namespace, api: api).report(
            try JobWaiter(api: api).wait(name: name, namespace: namespace, target: target, deadline: deadline),
            timeout: timeout)
    }
}

/// Turns a wait's outcome into output and an exit code; shared with `create --wait`.
struct WaitReporter {
    let session: Session
    let name: String
    let namespace: String
    /// Reads the job's pods and events after a timeout, to say what it is waiting for.
    var api: KubeAPI?

    func report(_ outcome: WaitOutcome, timeout: Double?) throws -> ExitCode {
        switch outcome {
        case .reached(let snapshot):
            try session.stdout.line("\(MPIJob.objectName)/\(name) \(snapshot.phase.rawValue.lowercased())")
            return .success
        case .failed(let snapshot):
            session.printError(ErrorReport(
                code: .jobFailed,
                message: "mpijob \"\(name)\" failed" + (snapshot.failure.map { ": \($0)" } ?? ""),
                hint: "see why: kubectl odh mpijob describe \(name) -n \(namespace)"))
            return .jobFailed
        case .timedOut(let phase):
            session.printError(ErrorReport(
                code: .timedOut,
                message: "timed out after \(timeout.map { Age.human(seconds: $0) } ?? "?") waiting for mpijob \"\(name)\""
                    + (phase.map { " (still \($0.rawValue))" } ?? ""),
                hint: timeoutHint(phase)))
            return .timedOut
        case .unreachable(let snapshot, let condition):
            session.printError(ErrorReport(
                code: .usage,
                message: "mpijob \"\(name)\" has \(snapshot.phase.rawValue) and its conditions no longer change:"
                    + " \(condition) will never be true",
                hint: "wait for the end with --for completion (exit 0 Succeeded, 3 Failed); the conditions:"
                    + " kubectl odh mpijob describe \(name) -n \(namespace)"))
            return .usage
        case .notFound:
            return session.report(MPIJobError.notFound(name: name, namespace: namespace))
        case .deleted:
            session.printError(ErrorReport(code: .notFound,
                                           message: "mpijob \"\(name)\" was deleted while waiting for it"))
            return .notFound
        }
    }
}

extension WaitReporter {
    /// After a timeout: what the job waits for, as describe's diagnosis sees it now, and
    /// where to look. "The job keeps running" only when it does.
    func timeoutHint(_ phase: JobPhase?) -> String {
        let describe = "kubectl odh mpijob describe \(name) -n \(namespace)"
        var reason: String?
        if let api {
            do {
                let description = try JobDescriber(api: api).describe(name: name, namespace: namespace)
                reason = description.findings.first { $0.severity != .info }?.cause
            } catch {
                reason = nil
            }
        }
        if let reason { return "it is waiting for this: \(reason); see more with: \(describe)" }
        switch phase {
        case .running?, .restarting?:
            return "the job keeps running; wait again or raise --timeout (its state: \(describe))"
        case .queued?:
            return "the job is queued in Kueue and has not been admitted; see why with: \(describe)"
        case .suspended?:
            return "the job is suspended (spec.runPolicy.suspend): it will not run until resumed; \(describe)"
        default:
            return "the job has not started running; see why with: \(describe)"
        }
    }
}
