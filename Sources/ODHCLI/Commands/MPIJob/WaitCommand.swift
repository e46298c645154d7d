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
        return try WaitReporter(session: session, name: name, namespace: namespace).report(
            try JobWaiter(api: api).wait(name: name, namespace: namespace, target: target, deadline: deadline),
            timeout: timeout)
    }
}

/// Turns a wait's outcome into output and an exit code; shared with `create --wait`.
struct WaitReporter {
    let session: Session
    let name: String
    let namespace: String

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
                hint: "the job keeps running; wait again or raise --timeout"))
            return .timedOut
        case .notFound:
            return session.report(MPIJobError.notFound(name: name, namespace: namespace))
        case .deleted:
            session.printError(ErrorReport(code: .notFound,
                                           message: "mpijob \"\(name)\" was deleted while waiting for it"))
            return .notFound
        }
    }
}
