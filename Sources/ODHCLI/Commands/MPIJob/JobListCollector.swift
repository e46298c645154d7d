import KubeClient
import MPIJobs

/// What `list` keeps of each job as the server's answer arrives: only what the chosen output
/// prints (a table row, or the object already written out), so a list of any length never
/// exists as parsed objects. Jobs outside `--status` are dropped on arrival.
struct JobListCollector: ListSink {
    let format: OutputFormat
    let statuses: [JobPhase]
    let order: JobOrder?
    let withNamespace: Bool
    let now: Double
    private(set) var count = 0
    private var rows: [[String]] = []
    private var keys: [JobOrder.Key] = []
    /// With `--sort-by`, structured output can only be written once the order is known: the
    /// items' bytes wait until then (a fraction of their parsed size).
    private var pending: [[UInt8]] = []
    private var writer: ListDocumentWriter

    init(format: OutputFormat, statuses: [JobPhase], order: JobOrder?, withNamespace: Bool, now: Double) {
        self.format = format
        self.statuses = statuses
        self.order = order
        self.withNamespace = withNamespace
        self.now = now
        writer = ListDocumentWriter(format: format, resourceName: MPIJob.objectName)
    }

    mutating func restart() {
        count = 0
        rows.removeAll()
        keys.removeAll()
        pending.removeAll()
        writer = ListDocumentWriter(format: format, resourceName: MPIJob.objectName)
    }

    mutating func item(_ bytes: UnsafeBufferPointer<UInt8>) throws(ClientError) {
        // `-o json` of every job in the server's order needs no parsed job at all.
        if format == .json && statuses.isEmpty && order == nil {
            count += 1
            try writer.append(json: bytes)
            return
        }
        let job = MPIJob(try ListItem.parse(bytes))
        guard statuses.isEmpty || statuses.contains(job.phase) else { return }
        count += 1
        if order != nil { keys.append(JobOrder.Key(job)) }
        switch format {
        case .table, .wide:
            rows.append(MPIJobTableView.row(job, wide: format == .wide, withNamespace: withNamespace, now: now))
        case .json:
            if order == nil { try writer.append(json: bytes) } else { pending.append(Array(bytes)) }
        case .yaml, .name:
            if order == nil { writer.append(job.object) } else { pending.append(Array(bytes)) }
        }
    }

    /// The table, rows in the chosen order.
    func table() -> Table {
        let columns = MPIJobTableView.columns(wide: format == .wide, withNamespace: withNamespace)
        guard let order else { return Table(columns: columns, rows: rows) }
        return Table(columns: columns, rows: order.permutation(keys).map { rows[$0] })
    }

    /// The `-o json|yaml|name` output, in pieces, objects in the chosen order.
    mutating func document() throws(ClientError) -> [[UInt8]] {
        if let order {
            for index in order.permutation(keys) {
                try pending[index].withUnsafeBufferPointer { (bytes) throws(ClientError) in
                    try writer.append(json: bytes)
                }
                pending[index] = []
            }
        }
        return writer.finish()
    }
}
