import KubeClient
import MPIJobs

/// What a watch's job side and Workload side share: one printer and one view of Kueue, used only
/// under `lock`. The job watch runs on the command's thread; the Workload watch on its own.
final class WatchShared: @unchecked Sendable {
    // @unchecked: `queues`, `printer` and `session` are touched only inside `locked`.
    private let lock = Lock()
    private var queues = WatchQueues()
    private let printer: WatchPrinter
    private let session: Session

    init(printer: WatchPrinter, session: Session) {
        self.printer = printer
        self.session = session
    }

    func locked<T>(_ body: (inout WatchQueues, WatchPrinter, Session) throws -> T) throws -> T {
        let result: Result<T, any Error> = lock { Result { try body(&queues, printer, session) } }
        return try result.get()
    }

    /// A warning on stderr between two rows, never inside one.
    func warn(_ message: String) {
        lock { session.warn(message) }
    }
}

/// `list --watch`'s and `get --watch`'s watch of Kueue's Workloads, beside the job watch. Kueue deactivates,
/// reactivates and evicts a queued job through its Workload without touching the job (a queued
/// job suspended or resumed stays suspended throughout), so the job watch alone would show such
/// a change only at the job's next one. On a thread and a connection of its own; a job's row is
/// printed again only when what it shows changed. Started only where Kueue's view was read.
final class WorkloadWatch: @unchecked Sendable {
    // @unchecked: `thread` is set by `start` and joined by `stop`, both on the command's thread.
    private let shared: WatchShared
    private let api: KubeAPI
    private let path: String
    private let statuses: [JobPhase]
    private let stopping = Cancellation()
    private var thread: JoinableThread?

    private init(shared: WatchShared, api: KubeAPI, path: String, statuses: [JobPhase]) throws(ClientError) {
        self.shared = shared
        self.api = try api.makeSibling()
        self.path = path
        self.statuses = statuses
        self.api.cancelTransfers(on: stopping)
    }

    /// Starts watching the Workloads of `namespace` (nil: all) where the shared view found Kueue;
    /// nil where it did not. `statuses`: the rows the watch shows (empty: every one).
    static func start(shared: WatchShared, api: KubeAPI, namespace: String?, statuses: [JobPhase]) throws
        -> WorkloadWatch?
    {
        let path = try shared.locked { queues, _, _ in queues.index?.kueueAPI?.workloadsPath(namespace: namespace) }
        guard let path else { return nil }
        let watch = try WorkloadWatch(shared: shared, api: api, path: path, statuses: statuses)
        watch.thread = try JoinableThread { [watch] in watch.run() }
        return watch
    }

    func stop() {
        stopping.cancel()
        thread?.join()
        thread = nil
    }

    private func run() {
        let watcher = ListWatcher(api: api, collectionPath: path)
        do {
            _ = try watcher.run(deadline: nil, handler: { [self] event in
                let workload = Workload(event.object)
                try shared.locked { queues, printer, _ in
                    queues.apply(workload, deleted: event.kind == .deleted)
                    printer.queues = queues.index
                    guard let uid = workload.ownerUID, let job = printer.knownJob(uid: uid) else { return }
                    guard statuses.isEmpty || statuses.contains(queues.phase(of: job)) else { return }
                    try printer.change(.modified, job: job)
                }
                return stopping.isCancelled ? .stop : .proceed
            }, onListed: { .proceed })
        } catch {
            if stopping.isCancelled || Interrupt.requested { return }
            shared.warn("stopped watching Kueue's Workloads (\(error)): statuses of queued jobs now change "
                + "with their jobs only")
        }
    }
}
