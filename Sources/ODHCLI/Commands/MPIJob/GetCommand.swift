import KubeClient
import MPIJobs

/// `mpijob get NAME...`: the named jobs; a missing one is reported and the rest still shown.
struct GetCommand: CLICommand {
    static let formats: [OutputFormat] = [.table, .wide, .json, .yaml, .name]

    static let spec = CommandSpec(
        name: "get", summary: "Show one or more MPIJobs by name",
        usage: ["NAME... [-o FORMAT]", "NAME --watch [--until-done] [-o FORMAT]"],
        options: [SharedOptions.output(formats, default: .table), SharedOptions.noHeaders, SharedOptions.watch, SharedOptions.untilDone],
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
        var queues: QueueIndex?
        if format == .table || format == .wide {
            found = try observeLaunchers(found, api: client.api, namespace: namespace)
            let lookup = QueueLookup.index(session, api: client.api, namespace: namespace, jobs: found,
                                           wide: format == .wide)
            queues = lookup.0
            code = code.combined(with: lookup.1)
        }
        try JobOutput(session: session, format: format, noHeaders: noHeaders).print(
            found, asList: names.count > 1, withNamespace: false, emptyNamespace: namespace, queues: queues)
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

    /// One request for the launcher pods of the jobs whose status they could change (a
    /// launcher crash-looping in place is Restarting, which the MPIJob's status cannot say).
    /// Without the right to read pods, the MPIJob's own status is what there is.
    func observeLaunchers(_ jobs: [MPIJob], api: KubeAPI, namespace: String) throws -> [MPIJob] {
        let names = jobs.filter(\.launcherPodMatters).map(\.name)
        guard !names.isEmpty else { return jobs }
        let pods: [String: [PodSummary]]
        do {
            pods = try JobPods(api: api).launchers(jobs: names, namespace: namespace)
        } catch {
            if case .api(let status) = error, status.code == 403 { return jobs }
            throw error
        }
        return jobs.map { job in
            var job = job
            if job.launcherPodMatters { job.launcher = LauncherObservation(launcherPods: pods[job.name] ?? []) }
            return job
        }
    }
}
