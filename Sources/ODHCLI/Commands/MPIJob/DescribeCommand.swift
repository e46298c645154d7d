import KubeClient
import MPIJobs

/// `mpijob describe NAME`: the whole story of a job — spec, condition timeline, pods,
/// events — and a diagnosis that names the likely cause and the fix.
struct DescribeCommand: CLICommand {
    static let formats: [OutputFormat] = [.json, .yaml]

    static let spec = CommandSpec(
        name: "describe", summary: "Show a job's spec, timeline, pods, events and a diagnosis of what went wrong",
        usage: ["NAME... [-o json|yaml]", "NAME --watch [--until-done]"],
        options: [
            OptionSpec(long: "output", short: "o", kind: .value, valueName: "FORMAT",
                       help: "json|yaml: the same facts as a document (kind MPIJobDescription) for scripts",
                       completion: .choices(formats.map(\.rawValue))),
            OptionSpec(long: "watch", short: "w", kind: .flag,
                       help: "show it again whenever the job, its pods or its events change, until Ctrl-C"),
            SharedOptions.untilDone,
        ],
        positionals: [PositionalSpec(name: "NAME", help: "MPIJob name", repeating: true, completion: .mpijobName)],
        examples: [
            "kubectl odh mpijob describe pi",
            "kubectl odh mpijob describe pi -o json | jq -r '.diagnosis[] | \"\\(.rule): \\(.fix)\"'",
            "kubectl odh mpijob describe pi --watch --until-done",
        ])

    var names: [String]
    /// nil: text for a person.
    var format: OutputFormat?
    var watch: Bool
    var untilDone: Bool

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        guard !parsed.positionals.isEmpty else {
            throw UsageError("describe needs the name of an MPIJob", hint: "to see every job use 'mpijob list'")
        }
        if globals.allNamespaces {
            throw UsageError("describe takes names in one namespace; -A does not apply", hint: "use -n NAMESPACE")
        }
        names = parsed.positionals
        if let raw = parsed.string("output"), !raw.isEmpty {
            format = try OutputFormat.parse(raw, allowed: Self.formats)
        }
        let flags = try NamedWatchFlags(parsed, names: names)
        watch = flags.watch
        untilDone = flags.untilDone
    }

    func run(_ session: Session) throws -> ExitCode {
        let namespace = try session.namespace
        let api = try session.api()
        if watch { return try watchJob(session, api: api, namespace: namespace) }
        let describer = JobDescriber(api: api)
        var descriptions: [JobDescription] = []
        var code = ExitCode.success
        for name in names {
            do {
                descriptions.append(try describer.describe(name: name, namespace: namespace))
            } catch {
                code = code.combined(with: session.report(error, namespace: namespace))
                if case .crdMissing = error { return code }
            }
        }
        for description in descriptions { warnAboutGaps(description, session: session) }
        if let format {
            // The shape follows the command line, not what was found (as `get` does): several
            // names are always a List, even when only one of them exists.
            let documents = descriptions.map(DescribeDocument.document)
            if documents.isEmpty && names.count == 1 { return code }
            let printer = ObjectPrinter(format: format, resourceName: MPIJob.resource)
            let document = names.count == 1 ? documents[0] : ObjectPrinter.listDocument(documents)
            try session.stdout.write(bytes: printer.renderDocument(document))
        } else {
            let view = DescribeView(color: session.colorStdout)
            for (i, description) in descriptions.enumerated() {
                if i > 0 { try session.stdout.write("\n\n") }
                try session.stdout.write(view.render(description))
            }
        }
        return code
    }

    func warnAboutGaps(_ description: JobDescription, session: Session) {
        if let reason = description.eventsUnavailable {
            session.warn("cannot list events for mpijob \"\(description.job.name)\": \(reason)")
        }
    }

    /// `--watch`: the description again whenever the job or its pods change (events are
    /// re-read each time). On a terminal the screen is redrawn; otherwise each rendering
    /// follows the last (JSON: one document per line).
    func watchJob(_ session: Session, api: KubeAPI, namespace: String) throws -> ExitCode {
        let name = names[0]
        let describer = JobDescriber(api: api)
        let feed: JobChangeFeed
        do {
            feed = try JobChangeFeed(api: api, name: name, namespace: namespace)
        } catch {
            return session.report(error, namespace: namespace)
        }
        let redraw = format == nil && session.stdout.isTerminal
        let view = DescribeView(color: session.colorStdout)
        var last: JobDescription?
        var code = ExitCode.success
        do {
            try feed.run { change in
                switch change {
                case .notFound:
                    code = session.report(MPIJobError.notFound(name: name, namespace: namespace))
                    return .stop
                case .deleted:
                    session.printError(ErrorReport(code: .notFound, message: "mpijob \"\(name)\" was deleted"))
                    code = .notFound
                    return .stop
                case .changed(let job):
                    let description = try describer.describe(job)
                    if let last, last.sameFacts(as: description) { return .proceed }
                    if last == nil { warnAboutGaps(description, session: session) }
                    try print(description, session: session, view: view, redraw: redraw, first: last == nil)
                    last = description
                    guard untilDone, job.phase.isFinished else { return .proceed }
                    if job.phase == .failed {
                        session.printError(ErrorReport(
                            code: .jobFailed,
                            message: "mpijob \"\(name)\" failed" + (job.failureSummary.map { ": \($0)" } ?? "")))
                        code = .jobFailed
                    }
                    return .stop
                }
            }
        } catch where WatchEnding.isInterrupt(error) {
            return .interrupted
        } catch let error as ClientError {
            return session.report(MPIJobClient(api: api).translate(error, name: nil, namespace: namespace),
                                  namespace: namespace)
        }
        return code
    }

    func print(_ description: JobDescription, session: Session, view: DescribeView, redraw: Bool, first: Bool) throws {
        switch format {
        case .some(.json):
            try session.stdout.write(bytes: ObjectPrinter.compactLine(DescribeDocument.document(description)))
        case .some(let format):
            if !first { try session.stdout.write("---\n") }
            try session.stdout.write(bytes: ObjectPrinter(format: format, resourceName: MPIJob.resource)
                .renderDocument(DescribeDocument.document(description)))
        case .none:
            // Home and clear on a terminal; a pipe or file gets one rendering after another.
            if redraw {
                try session.stdout.write("\u{1B}[H\u{1B}[2J")
            } else if !first {
                try session.stdout.write("\n")
            }
            try session.stdout.write(view.render(description))
        }
        try session.stdout.flush()
    }
}
