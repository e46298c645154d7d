import KubeClient
import MPIJobs

/// `mpijob list`: every job in the namespace (or all of them), filtered and sorted.
struct ListCommand: CLICommand {
    static let formats: [OutputFormat] = [.table, .wide, .json, .yaml, .name]

    static let spec = CommandSpec(
        name: "list", aliases: ["ls"], summary: "List MPIJobs with their status",
        usage: ["[-A] [-l SELECTOR] [--status S,...] [--sort-by name|age|status] [-o FORMAT] [--watch] [--chunk-size N]"],
        options: [
            SharedOptions.selector,
            SharedOptions.status,
            OptionSpec(long: "sort-by", kind: .value, valueName: "KEY", help: "sort by name, age or status",
                       completion: .choices(["name", "age", "status"])),
            SharedOptions.output(formats, default: .table),
            SharedOptions.noHeaders,
            SharedOptions.watch,
            SharedOptions.chunkSize,
        ],
        examples: [
            "kubectl odh mpijob list",
            "kubectl odh mpijob list --watch -o json | jq -c '{name: .metadata.name, rv: .metadata.resourceVersion}'",
            "kubectl odh mpijob list -A --status Running,Failed -o wide",
            "kubectl odh mpijob list -l team=nlp -o json | jq -r '.items[].metadata.name'",
        ])

    var selector: String?
    var statuses: [JobPhase]
    var order: JobOrder?
    var format: OutputFormat
    var noHeaders: Bool
    var allNamespaces: Bool
    var watch: Bool
    var chunkSize: Int

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        guard parsed.positionals.isEmpty else {
            throw UsageError("list takes no arguments (got \"\(parsed.positionals[0])\")",
                             hint: "to show one job use 'mpijob get \(parsed.positionals[0])'")
        }
        selector = parsed.string("selector")
        statuses = try SharedOptions.parseStatuses(parsed)
        if let raw = try parsed.choice("sort-by", in: JobOrder.allCases.map(\.rawValue)) { order = JobOrder(rawValue: raw) }
        format = try OutputFormat.parse(parsed.string("output"), allowed: Self.formats)
        noHeaders = try parsed.flag("no-headers")
        allNamespaces = globals.allNamespaces
        watch = try parsed.flag("watch")
        chunkSize = try SharedOptions.parseChunkSize(parsed)
    }

    func run(_ session: Session) throws -> ExitCode {
        let namespace: String? = allNamespaces ? nil : try session.namespace
        let client = try session.mpijobs()
        if watch { return try watchJobs(session, client: client, namespace: namespace) }
        var collected = JobListCollector(format: format, statuses: statuses, order: order,
                                         withNamespace: allNamespaces, now: Timestamp.now())
        do {
            _ = try client.list(namespace: namespace, labelSelector: selector, chunkSize: chunkSize, into: &collected)
        } catch {
            return session.report(error, namespace: namespace)
        }
        // Kueue's Workloads decide Queued/Admitted for jobs with a queue label, where the status is
        // shown, filtered or sorted on: one list of Workloads after the jobs, for the few kept.
        var code = ExitCode.success
        if !collected.queued.isEmpty {
            let (queues, lookup) = QueueLookup.index(session, api: client.api, namespace: namespace,
                                                     jobs: collected.queued, wide: format == .wide)
            code = lookup
            collected.settle(queues: queues)
        }
        if collected.count == 0, let namespace,
            let missing = try missingNamespace(namespace, api: client.api, session: session)
        {
            return missing
        }
        try JobOutput(session: session, format: format, noHeaders: noHeaders).print(&collected, emptyNamespace: namespace)
        return code
    }

    /// `--watch`: the list, then every change until Ctrl-C (exit 130).
    func watchJobs(_ session: Session, client: MPIJobClient, namespace: String?) throws -> ExitCode {
        var query: [(String, String)] = []
        if let selector, !selector.isEmpty { query.append(("labelSelector", selector)) }
        let watcher = ListWatcher(api: client.api, collectionPath: MPIJobClient.collectionPath(namespace: namespace),
                                  query: query)
        watcher.chunkSize = chunkSize
        let printer = WatchPrinter(session: session, format: format, noHeaders: noHeaders,
                                   withNamespace: allNamespaces)
        let shared = WatchShared(printer: printer, session: session)
        var initial: [MPIJob] = []
        var listed = false
        // Kueue's view where the status shows or filters, read on a connection of its own: the
        // watch holds the command's connection while events arrive.
        let kueueView = format == .table || format == .wide || !statuses.isEmpty
        let kueueAPI = kueueView ? try client.api.makeSibling() : client.api
        var workloads: WorkloadWatch?
        defer { workloads?.stop() }
        var code = ExitCode.success
        let statuses = statuses
        let wanted = { (queues: WatchQueues, job: MPIJob) in
            statuses.isEmpty || statuses.contains(queues.phase(of: job))
        }
        do {
            _ = try watcher.run(deadline: nil) { event in
                // Until onListed, events are the initial list's objects.
                let job = MPIJob(event.object)
                guard listed else {
                    initial.append(job)
                    return .proceed
                }
                try shared.locked { queues, printer, session in
                    if kueueView && event.kind != .deleted {
                        try queues.refresh(session, job: job, api: kueueAPI)
                        printer.queues = queues.index
                    }
                    if event.kind == .deleted || wanted(queues, job) { try printer.change(event) }
                }
                return .proceed
            } onListed: {
                listed = true
                try shared.locked { queues, printer, session in
                    if kueueView {
                        code = queues.load(session, api: kueueAPI, namespace: namespace, jobs: initial,
                                           wide: format == .wide)
                        if code == .interrupted { return }
                        printer.queues = queues.index
                    }
                    try printer.initial(sorted(initial.filter { wanted(queues, $0) }))
                }
                if code == .interrupted { return .stop }
                // Rows show Kueue's view: follow the Workloads too (WorkloadWatch).
                if format == .table || format == .wide {
                    workloads = try WorkloadWatch.start(shared: shared, api: client.api, namespace: namespace,
                                                        statuses: statuses)
                }
                return .proceed
            }
        } catch where WatchEnding.isInterrupt(error) {
            return .interrupted
        } catch let error as ClientError {
            return session.report(client.translate(error, name: nil, namespace: namespace ?? ""), namespace: namespace)
        }
        return code
    }

    func sorted(_ jobs: [MPIJob]) -> [MPIJob] {
        order?.sorted(jobs) ?? jobs
    }
}
