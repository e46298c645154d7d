import KubeClient
import MPIJobs

/// `mpijob logs NAME`: the launcher's log (where `mpirun` gathers every rank's output), a
/// worker's, or all of them merged with aligned per-pod prefixes. `-f` follows every
/// selected pod at once, picks up pods that start later, resumes dropped streams, and
/// ends with the job (exit 0 Succeeded, 3 Failed). docs/logs.md has the behaviour.
struct LogsCommand: CLICommand {
    static let spec = CommandSpec(
        name: "logs", summary: "Print the logs of an MPIJob's launcher or workers",
        usage: ["NAME [--launcher | --worker I | --all-workers | --all] [-f] [--tail N] [--since D] [--timestamps]"
            + " [--prefix] [--previous] [-c CONTAINER] [--limit-bytes N] [--pod-running-timeout D]"],
        description: """
            The launcher's log is the default: mpirun gathers every rank's output there. A launcher
            that failed and was replaced is shown attempt by attempt. With several pods each line
            starts with the pod's short name (launcher, worker-3). -f follows every selected pod at
            once, also pods that start later, and ends when the job ends: exit 0 if it Succeeded,
            3 if it Failed.
            """,
        options: [
            OptionSpec(long: "launcher", kind: .flag, help: "the launcher's log (the default)"),
            OptionSpec(long: "worker", kind: .value, valueName: "INDEX", help: "one worker's log, by index (0 is the first)"),
            OptionSpec(long: "all-workers", kind: .flag, help: "every worker's log, merged"),
            OptionSpec(long: "all", kind: .flag, help: "the launcher's and every worker's log, merged"),
        ] + LogFlags.specs,
        positionals: [PositionalSpec(name: "NAME", help: "MPIJob name", completion: .mpijobName)],
        examples: [
            "kubectl odh mpijob logs pi",
            "kubectl odh mpijob logs pi -f",
            "kubectl odh mpijob logs pi --worker 1 --previous",
            "kubectl odh mpijob logs pi --all -f --tail 20",
        ])

    var name: String
    var selection: LogSelection
    var options: LogOptions
    var container: String?
    /// nil: decided by the selection (on for --all-workers and --all).
    var prefix: Bool?
    /// -f: seconds to wait for a selected pod to run.
    var podRunningTimeout: Double?

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        name = try SharedOptions.singleJobName(
            parsed, globals: globals, verb: "logs",
            hint: "to read a worker use --worker INDEX, for all of them --all-workers or --all")
        var chosen: [(String, LogSelection)] = []
        if try parsed.flag("launcher") { chosen.append(("--launcher", .launcher)) }
        if let index = try parsed.int("worker", minimum: 0) { chosen.append(("--worker", .worker(index))) }
        if try parsed.flag("all-workers") { chosen.append(("--all-workers", .allWorkers)) }
        if try parsed.flag("all") { chosen.append(("--all", .all)) }
        if chosen.count > 1 {
            throw UsageError("\(chosen.map(\.0).joined(separator: " and ")) cannot be combined",
                             hint: "choose one of --launcher, --worker INDEX, --all-workers, --all")
        }
        selection = chosen.first?.1 ?? .launcher
        let flags = try LogFlags(parsed)
        options = flags.options
        container = flags.container
        prefix = flags.prefix
        podRunningTimeout = flags.podRunningTimeout
    }

    func run(_ session: Session) throws -> ExitCode {
        let namespace = try session.namespace
        let api = try session.api()
        let job = try session.job(name, namespace: namespace, api: api)
        if case .worker(let index) = selection, let problem = LogTargets.checkWorkerIndex(index, job: job) {
            return session.report(UsageError(problem, hint: "read them all with --all-workers"))
        }
        let reader = JobLogReader(session: session, api: api, job: job, selection: selection, container: container,
                                  options: options, prefixed: prefix ?? (selection == .allWorkers || selection == .all))
        return options.follow ? try reader.followUntilJobEnds(podRunningTimeout: podRunningTimeout) : try reader.readOnce()
    }
}

/// Reads a job's logs through the engine; shared by `logs` and `create --follow`.
struct JobLogReader {
    let session: Session
    let api: KubeAPI
    let job: MPIJob
    let selection: LogSelection
    let container: String?
    let options: LogOptions
    let prefixed: Bool

    func targets() -> LogTargets {
        var planner = LogTargets(job: job, selection: selection, container: container)
        guard prefixed else { return planner }
        let style = LogPrefix(labels: planner.possibleLabels, color: session.colorStdout)
        planner = LogTargets(job: job, selection: selection, container: container) { label, slot in
            style.render(label, slot: slot)
        }
        return planner
    }

    /// Without -f: every selected pod's log, whole, one pod after another.
    func readOnce() throws -> ExitCode {
        var planner = targets()
        let pods: [JSON]
        do {
            pods = try JobPods(api: api).list(job: job.name, namespace: job.namespace, role: selection.role)
        } catch {
            return session.report(error, namespace: job.namespace)
        }
        let (list, issues) = planner.plan(pods)
        let sink = LogPrefixedOutput(session: session, following: false)
        for issue in issues { sink.notice(JobLogFollow.notice(for: issue, targets: planner)) }
        let engine = try LogStreamEngine(api: api, options: options, sink: sink)
        let outcome = engine.run(list)
        if let code = outcome.end.earlyExit(session, namespace: job.namespace) { return code }
        if outcome.readableTargets > 0 { return sink.shownCode }
        if sink.code != .success { return sink.code }
        // Nothing to show: the log (or its pod) is not there — not found, exit 4, not the
        // network's 1. A pod the scheduler cannot place will not start by waiting: no `-f` advice.
        let waiting = sink.notStarted > 0 && sink.otherwiseEmpty == 0
        let unschedulable = waiting && sink.notStartedReasons.allSatisfy { $0.hasPrefix("Unschedulable") }
        let hint: String? = if unschedulable {
            "the scheduler cannot place its pods; see why with: kubectl odh mpijob describe \(job.name) -n \(job.namespace)"
        } else if waiting {
            "add -f to wait for it and follow the log"
        } else {
            nil
        }
        session.printError(ErrorReport(
            code: .notFound,
            message: "no log to show for mpijob \"\(job.name)\"" + (waiting ? ": nothing selected has started yet" : ""),
            hint: hint))
        return .notFound
    }

    /// -f: until the job ends; its outcome is the exit code.
    func followUntilJobEnds(podRunningTimeout: Double?) throws -> ExitCode {
        let (end, outcome, sink) = try follow(deadline: nil, startDeadline: podRunningTimeout.map { Monotonic.now() + $0 },
                                              onJobChange: { _ in })
        if let code = end.earlyExit(session, namespace: job.namespace) { return code }
        switch end {
        case .sinkClosed, .interrupted, .failed: break
        case .deadline:
            let waits = sink.waitingFor.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
            session.printError(ErrorReport(
                code: .timedOut,
                message: "no selected pod of mpijob \"\(job.name)\" is running after"
                    + " \(Age.human(seconds: podRunningTimeout ?? 0))" + (waits.isEmpty ? "" : ": " + waits.joined(separator: "; ")),
                hint: "see why with: kubectl odh mpijob describe \(job.name) -n \(job.namespace)"))
            return .timedOut
        case .completed: break
        }
        let reporter = WaitReporter(session: session, name: job.name, namespace: job.namespace)
        switch outcome {
        case .finished(let snapshot) where snapshot.phase == .failed:
            return sink.shownCode.combined(with: try reporter.report(.failed(snapshot), timeout: nil))
        case .finished, .running:
            return sink.shownCode
        case .deleted:
            return try reporter.report(.deleted, timeout: nil)
        case .notFound:
            return try reporter.report(.notFound, timeout: nil)
        }
    }

    /// Streams the selected pods while watching them and the job; returns once the job
    /// ended and the streams drained (or the sink closed, Ctrl-C, the deadline).
    func follow(deadline: Double?, startDeadline: Double? = nil, onJobChange: @escaping @Sendable (MPIJob) -> Void) throws
        -> (LogStreamEngine.End, JobLogFollow.Outcome, LogPrefixedOutput)
    {
        let sink = LogPrefixedOutput(session: session, following: true)
        let (end, outcome) = try follow(into: sink, deadline: deadline, startDeadline: startDeadline, onJobChange: onJobChange)
        return (end, outcome, sink)
    }

    /// The same, into any sink (`create --wait` keeps only the launcher's last lines).
    func follow(into sink: any LogSink, deadline: Double?, startDeadline: Double? = nil,
                onJobChange: @escaping @Sendable (MPIJob) -> Void) throws -> (LogStreamEngine.End, JobLogFollow.Outcome)
    {
        let engine = try LogStreamEngine(api: api, options: options, sink: sink)
        let follow = try JobLogFollow(api: api, targets: targets(), engine: engine, onJobChange: onJobChange)
        try follow.start()
        let outcome = engine.run([], deadline: deadline, startDeadline: startDeadline)
        follow.stop()
        return (outcome.end, follow.outcome)
    }
}

/// `mpijob NAME: Running` on stderr each time the job's phase changes, while a follow runs.
final class JobPhaseProgress: @unchecked Sendable {
    // @unchecked: `report` is called only from the follow's job-watch thread.
    let session: Session
    let name: String
    private var last: JobPhase?

    init(session: Session, name: String) {
        self.session = session
        self.name = name
    }

    func report(_ job: MPIJob) {
        let phase = job.phase
        guard phase != last else { return }
        last = phase
        do {
            try session.stderr.line("mpijob \(name): \(phase.rawValue)")
            try session.stderr.flush()
        } catch {
            return
        }
    }
}
