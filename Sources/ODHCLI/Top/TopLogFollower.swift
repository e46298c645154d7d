import KubeClient
import MPIJobs
import Synchronization

/// The Logs pane's source: the log engine following the selected pods (JobLogFollow picks
/// up pods that start later and ends with the job), its lines going into the store.
/// Switching pods stops one follow and starts another; nothing else about the engine changes.
final class TopLogFollower {
    static let tailLines = 200

    let api: KubeAPI
    let job: MPIJob
    let store: LiveJobStore
    private var running: (engine: LogStreamEngine, follow: JobLogFollow, thread: JoinableThread, sink: TopLogSink)?

    init(api: KubeAPI, job: MPIJob, store: LiveJobStore) {
        self.api = api
        self.job = job
        self.store = store
    }

    deinit {
        stop()
    }

    /// Follows `selection` from the last `tailLines` lines of each pod, replacing what the
    /// pane showed. A failure to start is said in the pane: the rest of the view still works.
    func start(_ selection: LogSelection, title: String) {
        stop()
        store.resetLog(title: title)
        let sink = TopLogSink(store: store)
        do {
            var targets = LogTargets(job: job, selection: selection, container: nil)
            if selection == .all || selection == .allWorkers {
                let style = LogPrefix(labels: targets.possibleLabels, color: false)
                targets = LogTargets(job: job, selection: selection, container: nil) { label, slot in
                    style.render(label, slot: slot)
                }
            }
            let engine = try LogStreamEngine(api: api, options: LogOptions(follow: true, tailLines: Self.tailLines),
                                             sink: sink)
            let follow = try JobLogFollow(api: api, targets: targets, engine: engine)
            try follow.start()
            let thread = try JoinableThread { [store] in
                let outcome = engine.run([])
                guard !sink.isStopping else { return }
                switch outcome.end {
                case .completed: store.endLog(.complete)
                case .failed(let error): store.endLog(.stopped(error.description))
                case .deadline, .interrupted, .sinkClosed: store.endLog(.stopped("stopped"))
                }
            }
            running = (engine, follow, thread, sink)
        } catch {
            store.endLog(.stopped("the log could not be followed: \(error)"))
        }
    }

    func stop() {
        guard let running else { return }
        self.running = nil
        running.sink.isStopping = true
        // The engine ends at its next loop turn; its watches are cancelled at once.
        running.engine.post(.abort(.transport(TransportError(kind: .interrupted, message: "stopped"))))
        running.follow.stop()
        running.thread.join()
    }
}

/// The engine's sink for the Logs pane: lines into the store, notices as pane lines.
/// Called on the engine's thread; once the follow is being replaced it takes nothing more,
/// so a stopping engine cannot add lines to the next pod's log.
final class TopLogSink: LogSink, Sendable {
    let store: LiveJobStore
    private let stopping = Atomic<Bool>(false)

    init(store: LiveJobStore) {
        self.store = store
    }

    var isStopping: Bool {
        get { stopping.load(ordering: .acquiring) }
        set { stopping.store(newValue, ordering: .releasing) }
    }

    func write(_ lines: [UInt8]) throws(LogSinkClosed) {
        if isStopping { throw LogSinkClosed() }
        store.appendLog(lines)
    }

    func flush() throws(LogSinkClosed) {}

    func notice(_ notice: LogNotice) {
        guard !isStopping else { return }
        store.noteLog(Self.text(notice))
    }

    static func text(_ notice: LogNotice) -> String {
        switch notice {
        case .header(_, let text): return "==> \(text) <=="
        case .waiting(let label, let reason): return "waiting for \(label): \(reason)"
        case .notStarted(let label, let reason): return "\(label) never started: \(reason)"
        case .unavailable(let label, let pod, let problem):
            let subject = pod.isEmpty ? label : "\(label) (pod \(pod))"
            switch problem {
            case .noPreviousRun(let container): return "\(subject) has no previous run of \(container)"
            case .noContainer(let container, _): return "\(subject) has no container \"\(container)\""
            case .podGone: return "\(subject) was deleted before its log could be read"
            case .removed(let cause, _): return "\(label) has no pod: \(cause)"
            case .refused(let status): return "cannot read the log of \(subject): \(status.message)"
            case .connection(let error): return "cannot read the log of \(subject): \(error.message)"
            }
        case .incomplete(let label, _, _, let lastSeen):
            return "the log of \(label) is incomplete" + (lastSeen.map { ": lines after \($0) are missing" } ?? "")
        case .warning(let text): return "warning: \(text)"
        }
    }
}
