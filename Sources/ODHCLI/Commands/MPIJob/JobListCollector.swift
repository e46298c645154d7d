import KubeClient
import MPIJobs

/// What `list` keeps of each job as the server's answer arrives: only what the chosen output
/// prints (a table row, or the object already written out), so a list of any length never
/// exists as parsed objects. Jobs outside `--status` are dropped on arrival.
///
/// The exception is a job with a Kueue queue label where its status matters (a table,
/// `--status`, `--sort-by status`): Kueue's Workloads, read after the list, decide whether it is
/// Queued or Admitted, so such a job is kept parsed until `settle(queues:)`. There are few.
struct JobListCollector: ListSink {
    let format: OutputFormat
    let statuses: [JobPhase]
    let order: JobOrder?
    let withNamespace: Bool
    let now: Double
    private(set) var count = 0
    /// The jobs waiting for Kueue's view, in arrival order.
    private(set) var queued: [MPIJob] = []
    private var slots: [Slot] = []
    private var keys: [JobOrder.Key] = []
    private var writer: ListDocumentWriter
    /// Whether the CLUSTERQUEUE column shows (Kueue answered for the queued jobs).
    private var clusterQueueColumn = false

    /// One accepted job, in arrival order.
    private enum Slot {
        case row([String])
        /// The server's bytes, written once the order (or Kueue's verdict) is known.
        case bytes([UInt8])
        /// Already written to the document.
        case written
        /// Waiting for Kueue: index into `queued`, and its bytes for a document.
        case queued(Int, [UInt8]?)
        /// Kueue's status put it outside `--status`.
        case dropped
    }

    init(format: OutputFormat, statuses: [JobPhase], order: JobOrder?, withNamespace: Bool, now: Double) {
        self.format = format
        self.statuses = statuses
        self.order = order
        self.withNamespace = withNamespace
        self.now = now
        writer = ListDocumentWriter(format: format, resourceName: MPIJob.objectName)
    }

    private var isTable: Bool { format == .table || format == .wide }
    /// Documents are written as items arrive only when nothing can still reorder or drop one.
    private var writesAsItArrives: Bool { order == nil && statuses.isEmpty }

    mutating func restart() {
        count = 0
        queued.removeAll()
        slots.removeAll()
        keys.removeAll()
        clusterQueueColumn = false
        writer = ListDocumentWriter(format: format, resourceName: MPIJob.objectName)
    }

    mutating func item(_ bytes: UnsafeBufferPointer<UInt8>) throws(ClientError) {
        // `-o json` of every job in the server's order needs no parsed job at all.
        if format == .json && writesAsItArrives {
            count += 1
            try writer.append(json: bytes)
            slots.append(.written)
            return
        }
        // Nothing here reads managedFields, and a parsed job written out is printed without them
        // (ObjectPrinter.clean, as kubectl does): most of each job's bytes need no tree. A plain
        // table row needs even less (MPIJob.summaryFields).
        let job = MPIJob(try ListItem.parse(bytes, projection: format == .table
            ? MPIJob.summaryFields : .withoutManagedFields))
        if job.queueName != nil && (isTable || !statuses.isEmpty || order == .status) {
            count += 1
            slots.append(.queued(queued.count, isTable ? nil : Array(bytes)))
            keys.append(JobOrder.Key(job))
            queued.append(job)
            return
        }
        guard statuses.isEmpty || statuses.contains(job.phase) else { return }
        count += 1
        keys.append(JobOrder.Key(job))
        if isTable {
            slots.append(.row(MPIJobTableView.row(job, wide: format == .wide, withNamespace: withNamespace, now: now)))
        } else if writesAsItArrives {
            writer.append(job.object)
            slots.append(.written)
        } else {
            slots.append(.bytes(Array(bytes)))
        }
    }

    /// Kueue's view of the queued jobs (nil: Kueue is not served, or could not be read, and
    /// their own status stands): their rows, `--status` and sort keys.
    mutating func settle(queues: QueueIndex?) {
        clusterQueueColumn = queues != nil && format == .wide
        for index in slots.indices {
            guard case .queued(let position, let bytes) = slots[index] else { continue }
            let job = queued[position]
            let phase = queues?.phase(of: job) ?? job.phase
            if !statuses.isEmpty && !statuses.contains(phase) {
                slots[index] = .dropped
                count -= 1
                continue
            }
            keys[index].phaseRank = JobPhase.allCases.firstIndex(of: phase) ?? 0
            if isTable {
                slots[index] = .row(MPIJobTableView.row(
                    job, wide: format == .wide, withNamespace: withNamespace, now: now, phase: phase,
                    clusterQueue: clusterQueueColumn ? (queues?.clusterQueue(for: job) ?? "-") : nil))
            } else {
                slots[index] = .bytes(bytes ?? [])
            }
        }
        queued.removeAll()
    }

    /// Arrival order, or the chosen one; without the slots that were dropped.
    private func ordered() -> [Int] {
        let all = order?.permutation(keys) ?? Array(slots.indices)
        return all.filter {
            if case .dropped = slots[$0] { return false }
            return true
        }
    }

    /// The table, rows in the chosen order.
    func table() -> Table {
        let columns = MPIJobTableView.columns(wide: format == .wide, withNamespace: withNamespace,
                                              clusterQueue: clusterQueueColumn)
        // CLUSTERQUEUE sits after QUEUE: rows made before Kueue answered get "-" there.
        let queueColumn = columns.firstIndex(of: "QUEUE").map { $0 + 1 }
        let rows = ordered().compactMap { index -> [String]? in
            guard case .row(var cells) = slots[index] else { return nil }
            if clusterQueueColumn, let at = queueColumn, cells.count < columns.count { cells.insert("-", at: at) }
            return cells
        }
        return Table(columns: columns, rows: rows)
    }

    /// The `-o json|yaml|name` output, in pieces, objects in the chosen order.
    mutating func document() throws(ClientError) -> [[UInt8]] {
        if !writesAsItArrives {
            for index in ordered() {
                guard case .bytes(let bytes) = slots[index] else { continue }
                try bytes.withUnsafeBufferPointer { (buffer) throws(ClientError) in try writer.append(json: buffer) }
                slots[index] = .written
            }
        }
        return writer.finish()
    }
}
