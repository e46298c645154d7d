import KubeClient
import MPIJobs
import TrainingJobs

/// `jobs logs KIND/NAME|NAME`: the log of the pod that tells a job's story (the master or rank
/// 0, the launcher of an MPI job, node 0 of a TrainJob), one role's, or every pod's merged.
/// Pods are found by the kind's operator labels. `-f` follows the selected pods, also those that
/// start later, and ends with the job: exit 0 Succeeded, 3 Failed.
struct JobsLogsCommand: CLICommand {
    static let spec = CommandSpec(
        name: "logs", summary: "Print the logs of a training job's pods",
        usage: ["KIND/NAME|NAME [--role ROLE [--index I] | --all] [-f] [--tail N] [--since D] [--timestamps]"
            + " [--prefix] [--previous] [-c CONTAINER] [--limit-bytes N]"],
        description: """
            By default the job's primary pod: the master replica (PyTorchJob Master, TFJob Chief,
            else worker 0), an MPIJob's launcher, a TrainJob's launcher or node 0. --role reads one
            replica role (as the pods are labelled: master, worker, ps, launcher, node), --index one
            pod of it, --all every pod; with several pods each line starts with the pod's role and index.
            """,
        options: [
            OptionSpec(long: "role", kind: .value, valueName: "ROLE",
                       help: "one replica role: master, worker, chief, ps, launcher, node, ..."),
            OptionSpec(long: "index", kind: .value, valueName: "I", help: "with --role: one pod of it, by index"),
            OptionSpec(long: "all", kind: .flag, help: "every pod of the job, merged"),
        ] + LogFlags.specs,
        positionals: [PositionalSpec(name: "NAME", help: JobsOptions.nameHelp, completion: .jobName)],
        examples: [
            "kubectl odh jobs logs pytorchjob/mnist",
            "kubectl odh jobs logs pytorchjob/mnist --role worker --index 0 -f",
            "kubectl odh jobs logs trainjob/llm-finetune --all --tail 20",
        ])

    var reference: JobReference
    var selection: KindLogSelection
    var flags: LogFlags

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        guard parsed.positionals.count == 1 else {
            throw UsageError(parsed.positionals.isEmpty ? "logs needs a job: KIND/NAME or NAME" : "logs takes one job",
                             hint: "to read several pods of it use --role ROLE or --all")
        }
        if globals.allNamespaces { throw UsageError("logs reads one job in one namespace; -A does not apply") }
        reference = try JobsOptions.parseReferences(parsed.positionals)[0]
        let role = parsed.string("role")
        let index = try parsed.int("index", minimum: 0)
        let all = try parsed.flag("all")
        if all && (role != nil || index != nil) {
            throw UsageError("--all cannot be combined with --role or --index", hint: "choose one")
        }
        if index != nil && role == nil {
            throw UsageError("--index picks a pod of a role: add --role", hint: "e.g. --role worker --index 1")
        }
        if let role, role.isEmpty { throw UsageError("--role needs a role, e.g. worker") }
        selection = all ? .all : role.map { .role($0, index: index) } ?? .primary
        flags = try LogFlags(parsed)
    }

    func run(_ session: Session) throws -> ExitCode {
        let namespace = try session.namespace
        let api = try session.api()
        let job: TrainingJob
        do {
            job = try JobLocator(api: api, served: try session.servedResources().kinds()).find(reference, namespace: namespace)
        } catch {
            return session.report(error, namespace: namespace, resource: "training jobs")
        }
        let several: Bool
        switch selection {
        case .all: several = true
        case .role(_, let index): several = index == nil
        case .primary: several = false
        }
        var targets = KindLogTargets(job: job, selection: selection, container: flags.container)
        if flags.prefix ?? several {
            let style = LogPrefix(labels: targets.possibleLabels, color: session.colorStdout)
            targets = KindLogTargets(job: job, selection: selection, container: flags.container) { label, slot in
                style.render(label, slot: slot)
            }
        }
        return flags.options.follow ? try follow(session, api: api, targets: targets)
            : try readOnce(session, api: api, targets: targets)
    }

    func readOnce(_ session: Session, api: KubeAPI, targets: KindLogTargets) throws -> ExitCode {
        var targets = targets
        let job = targets.job
        let pods: [JSON]
        do {
            pods = try JobPodList(api: api).pods(of: job, role: selection.role)
        } catch {
            return session.report(error, namespace: job.namespace)
        }
        let (changes, notices) = targets.observe(pods, initial: true)
        let sink = LogPrefixedOutput(session: session, following: false)
        for notice in notices { sink.notice(notice) }
        let list = changes.compactMap { change -> LogTarget? in
            if case .add(let target) = change { return target }
            return nil
        }
        if list.isEmpty && notices.isEmpty {
            session.printError(ErrorReport(
                code: .notFound, message: "\(job.reference) has no \(selectionText) yet",
                hint: job.phase.isFinished ? "its pods may have been cleaned up (cleanPodPolicy, TTL)"
                    : "add -f to wait for it and follow the log"))
            return .notFound
        }
        let outcome = try LogStreamEngine(api: api, options: flags.options, sink: sink).run(list)
        if let code = outcome.end.earlyExit(session, namespace: job.namespace) { return code }
        if outcome.readableTargets > 0 { return sink.shownCode }
        if sink.code != .success { return sink.code }
        session.printError(ErrorReport(code: .notFound, message: "no log to show for \(job.reference): nothing selected has started yet",
                                       hint: "add -f to wait for it and follow the log"))
        return .notFound
    }

    func follow(_ session: Session, api: KubeAPI, targets: KindLogTargets) throws -> ExitCode {
        let job = targets.job
        let sink = LogPrefixedOutput(session: session, following: true)
        let engine = try LogStreamEngine(api: api, options: flags.options, sink: sink)
        let follow = try KindLogFollow(api: api, targets: targets, engine: engine)
        try follow.start()
        let outcome = engine.run([], startDeadline: flags.podRunningTimeout.map { Monotonic.now() + $0 })
        follow.stop()
        if let code = outcome.end.earlyExit(session, namespace: job.namespace) { return code }
        switch outcome.end {
        case .sinkClosed, .interrupted, .failed: break
        case .deadline:
            session.printError(ErrorReport(
                code: .timedOut,
                message: "no selected pod of \(job.reference) is running after \(Age.human(seconds: flags.podRunningTimeout ?? 0))",
                hint: "see why with: kubectl odh jobs describe \(job.reference) -n \(job.namespace)"))
            return .timedOut
        case .completed: break
        }
        switch follow.outcome {
        case .finished(.failed, let failure):
            session.printError(ErrorReport(code: .jobFailed,
                                           message: "\(job.reference) failed" + (failure.map { ": \($0)" } ?? ""),
                                           hint: "see why: kubectl odh jobs describe \(job.reference) -n \(job.namespace)"))
            return sink.shownCode.combined(with: .jobFailed)
        case .finished, .running:
            return sink.shownCode
        case .deleted:
            session.printError(ErrorReport(code: .notFound, message: "\(job.reference) was deleted"))
            return .notFound
        case .notFound:
            return session.report(TrainingJobError.notFound(kind: job.kind.kind, name: job.name,
                                                            namespace: job.namespace, searched: []))
        }
    }

    var selectionText: String {
        switch selection {
        case .primary: return "primary pod"
        case .all: return "pods"
        case .role(let role, let index): return index.map { "pod \(role)-\($0)" } ?? "\(role) pods"
        }
    }
}
