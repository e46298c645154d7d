import KubeClient
import MPIJobs

/// Prints a watch the way `kubectl get -w` does: the table once, then one row per change
/// (aligned under it, no header); `-o json` one compact object per line (NDJSON); `-o yaml`
/// documents separated by `---`. Flushes after every change so a pipe sees it at once.
/// A class: the watch's list and change callbacks both print through it.
final class WatchPrinter {
    let session: Session
    let format: OutputFormat
    let noHeaders: Bool
    let withNamespace: Bool
    /// The first table's rows: later rows are laid out against them so columns line up.
    private var layout: [[String]] = []
    private var documents = 0
    /// Last state of each job, for a deletion the watch reports with only a name.
    private var known: [String: MPIJob] = [:]
    /// Keys of `known` by UID: a Workload names its job by UID, and the Workload watch's first
    /// list delivers every Workload at once.
    private var keyByUID: [String: String] = [:]
    /// Last row printed per job without its AGE: a change no column shows (an annotation,
    /// a status timestamp) is not printed again as the same line.
    private var lastRow: [String: [String]] = [:]
    /// Kueue's view of the queued jobs, kept current by the caller: rows say what `list` says.
    var queues: QueueIndex?

    init(session: Session, format: OutputFormat, noHeaders: Bool, withNamespace: Bool) {
        self.session = session
        self.format = format
        self.noHeaders = noHeaders
        self.withNamespace = withNamespace
    }

    /// The job with this UID as last printed (nil once deleted, or never seen).
    func knownJob(uid: String) -> MPIJob? {
        keyByUID[uid].flatMap { known[$0] }
    }

    private func remember(_ job: MPIJob?, key: String) {
        if let uid = known[key]?.uid { keyByUID[uid] = nil }
        known[key] = job
        if let uid = job?.uid { keyByUID[uid] = key }
    }

    /// The state after the initial list.
    func initial(_ jobs: [MPIJob]) throws {
        for job in jobs { remember(job, key: ListWatcher.key(job.object)) }
        switch format {
        case .table, .wide:
            let table = MPIJobTableView.table(jobs, wide: format == .wide, withNamespace: withNamespace,
                                              now: Timestamp.now(), queues: queues)
            layout = table.rows
            let age = table.columns.firstIndex(of: "AGE")
            for (job, row) in zip(jobs, table.rows) {
                var visible = row
                if let age { visible.remove(at: age) }
                lastRow[ListWatcher.key(job.object)] = visible
            }
            if !jobs.isEmpty { try session.stdout.write(TablePrinter(showHeaders: !noHeaders).render(table)) }
        case .json, .yaml, .name:
            for job in jobs { try emit(job.object) }
        }
        try session.stdout.flush()
    }

    /// One change. A deleted job is shown as last seen, with STATUS `Deleted` in tables.
    func change(_ event: WatchEvent) throws {
        try change(event.kind, job: MPIJob(event.object))
    }

    /// One change of a job as the caller sees it (with what it read of the launcher pod).
    func change(_ kind: WatchEvent.Kind, job observed: MPIJob) throws {
        let event = (kind: kind, object: observed.object)
        let key = ListWatcher.key(event.object)
        var job = observed
        if event.kind == .deleted {
            // After a relist the watcher knows only the name: show what we last saw.
            if event.object["spec"] == nil, let last = known[key] { job = last }
            remember(nil, key: key)
        } else {
            remember(job, key: key)
        }
        switch format {
        case .table, .wide:
            let table = MPIJobTableView.table([job], wide: format == .wide, withNamespace: withNamespace,
                                              now: Timestamp.now(), queues: queues)
            guard var row = table.rows.first else { return }
            if event.kind == .deleted, let status = table.columns.firstIndex(of: "STATUS") { row[status] = "Deleted" }
            var visible = row
            if let age = table.columns.firstIndex(of: "AGE") { visible.remove(at: age) }
            if lastRow[key] == visible { return }
            lastRow[key] = event.kind == .deleted ? nil : visible
            try session.stdout.write(alignedRow(row, columns: table.columns))
        case .json, .yaml, .name:
            try emit(job.object)
        }
        try session.stdout.flush()
    }

    private func emit(_ object: JSON) throws {
        switch format {
        case .json:
            try session.stdout.write(bytes: ObjectPrinter.compactLine(object))
        case .yaml:
            if documents > 0 { try session.stdout.write("---\n") }
            try session.stdout.write(bytes: ObjectPrinter(format: .yaml, resourceName: MPIJob.resource)
                .render([object], asList: false))
        case .name, .table, .wide:
            try session.stdout.line("\(MPIJob.objectName)/\(object[path: "metadata", "name"]?.stringValue ?? "")")
        }
        documents += 1
    }

    /// The row laid out with the first table's column widths (wider cells push it right,
    /// as kubectl's own watch output does).
    private func alignedRow(_ row: [String], columns: [String]) -> String {
        let text = TablePrinter(showHeaders: !noHeaders).render(Table(columns: columns, rows: layout + [row]))
        let lines = text.split(separator: "\n")
        return (lines.last.map(String.init) ?? "") + "\n"
    }
}

extension SharedOptions {
    static let watch = OptionSpec(long: "watch", short: "w", kind: .flag,
                                  help: "after printing, print every change until Ctrl-C (-o json: one object per line)")
    static let untilDone = OptionSpec(
        long: "until-done", kind: .flag,
        help: "watch until the job has finished: exit 0 when it Succeeded, 3 when it Failed (implies --watch)")
}

/// `--watch` / `--until-done` of a command that takes names (get, describe): one job only.
struct NamedWatchFlags {
    var watch: Bool
    var untilDone: Bool

    init(_ parsed: ParsedArguments, names: [String], hint: String? = nil) throws(UsageError) {
        untilDone = try parsed.flag("until-done")
        watch = try parsed.flag("watch") || untilDone
        if watch && names.count != 1 {
            throw UsageError("--watch follows one MPIJob (got \(names.count) names)", hint: hint)
        }
    }
}

/// How watches end.
enum WatchEnding {
    /// Ctrl-C is the normal way out of a watch: exit 130 without an `error:` line, as
    /// kubectl does. The transport reports it as an interrupted transfer.
    static func isInterrupt(_ error: any Error) -> Bool {
        switch error {
        case ClientError.transport(let transport), MPIJobError.client(.transport(let transport)):
            return transport.kind == .interrupted
        default:
            return false
        }
    }
}
