import KubeClient
import MPIJobs

/// `mpijob get NAME...`: the named jobs; a missing one is reported and the rest still shown.
struct GetCommand: CLICommand {
    static let formats: [OutputFormat] = [.table, .wide, .json, .yaml, .name]

    static let spec = CommandSpec(
        name: "get", summary: "Show one or more MPIJobs by name",
        usage: ["NAME... [-o FORMAT]", "NAME --watch [--until-done] [-o FORMAT]"],
        options: [SharedOptions.output(formats), SharedOptions.noHeaders, SharedOptions.watch, SharedOptions.untilDone],
        positionals: [PositionalSpec(name: "NAME", help: "MPIJob name", repeating: true, completion: .mpijobName)],
        examples: [
            "kubectl odh mpijob get pi",
            "kubectl odh mpijob get pi -o yaml",
            "kubectl odh mpijob get pi -o json | jq -r '.status.conditions[-1].type'",
            "kubectl odh mpijob get pi --watch --until-done",
        ])

    var names: [String]
    var format: OutputFormat
    var noHeaders: Bool
    var watch: Bool
    var untilDone: Bool

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        guard !parsed.positionals.isEmpty else {
            throw UsageError("get needs at least one MPIJob name", hint: "to see every job use 'mpijob list'")
        }
        if globals.allNamespaces {
            throw UsageError("get takes names in one namespace; -A does not apply", hint: "use 'mpijob list -A'")
        }
        names = parsed.positionals
        format = try OutputFormat.parse(parsed.string("output"), allowed: Self.formats)
        noHeaders = try parsed.flag("no-headers")
        let flags = try NamedWatchFlags(
            parsed, names: names, hint: "to watch several jobs use 'mpijob list --watch' (with -l to select them)")
        watch = flags.watch
        untilDone = flags.untilDone
    }

    func run(_ session: Session) throws -> ExitCode {
        let namespace = try session.namespace
        let client = try session.mpijobs()
        if watch { return try watchJob(session, client: client, namespace: namespace) }
        if format == .json { return try printJSON(session, client: client, namespace: namespace) }
        var found: [MPIJob] = []
        var code = ExitCode.success
        for name in names {
            do {
                found.append(try client.get(name: name, namespace: namespace))
            } catch {
                code = code.combined(with: session.report(error, namespace: namespace))
                // Without the CRD every other name fails the same way: say it once.
                if case .crdMissing = error { return code }
            }
        }
        try JobOutput(session: session, format: format, noHeaders: noHeaders).print(
            found, asList: names.count > 1, withNamespace: false, emptyNamespace: namespace)
        return code
    }

    /// `-o json` prints the objects as the server sent them, so they are never parsed whole.
    func printJSON(_ session: Session, client: MPIJobClient, namespace: String) throws -> ExitCode {
        var found: [RawObject] = []
        var code = ExitCode.success
        for name in names {
            do {
                found.append(try client.getRaw(name: name, namespace: namespace))
            } catch {
                code = code.combined(with: session.report(error, namespace: namespace))
                if case .crdMissing = error { return code }
            }
        }
        try JobOutput(session: session, format: format, noHeaders: noHeaders).printJSON(found, asList: names.count > 1)
        return code
    }

    /// `--watch`: the job, then each change (watched by `metadata.name`), until Ctrl-C, its
    /// deletion (exit 4) or, with `--until-done`, its end (exit 0 or 3).
    func watchJob(_ session: Session, client: MPIJobClient, namespace: String) throws -> ExitCode {
        let name = names[0]
        let watcher = ListWatcher(api: client.api, collectionPath: MPIJobClient.collectionPath(namespace: namespace),
                                  query: [("fieldSelector", "metadata.name=\(name)")])
        let printer = WatchPrinter(session: session, format: format, noHeaders: noHeaders, withNamespace: false)
        var listedJob: MPIJob?
        var listed = false
        var code: ExitCode = .success
        func ended(_ job: MPIJob) -> Bool {
            guard untilDone, job.phase.isFinished else { return false }
            if job.phase == .failed {
                session.printError(ErrorReport(
                    code: .jobFailed, message: "mpijob \"\(name)\" failed" + (job.failureSummary.map { ": \($0)" } ?? ""),
                    hint: "see why: kubectl odh mpijob describe \(name) -n \(namespace)"))
                code = .jobFailed
            }
            return true
        }
        do {
            _ = try watcher.run(deadline: nil) { event in
                guard listed else {
                    listedJob = MPIJob(event.object)
                    return .proceed
                }
                try printer.change(event)
                if event.kind == .deleted {
                    session.printError(ErrorReport(code: .notFound, message: "mpijob \"\(name)\" was deleted"))
                    code = .notFound
                    return .stop
                }
                return ended(MPIJob(event.object)) ? .stop : .proceed
            } onListed: {
                listed = true
                guard let job = listedJob else {
                    code = session.report(MPIJobError.notFound(name: name, namespace: namespace))
                    return .stop
                }
                try printer.initial([job])
                return ended(job) ? .stop : .proceed
            }
        } catch where WatchEnding.isInterrupt(error) {
            return .interrupted
        } catch let error as ClientError {
            return session.report(client.translate(error, name: nil, namespace: namespace), namespace: namespace)
        }
        return code
    }
}
