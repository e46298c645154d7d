import KubeClient
import MPIJobs

#if canImport(Glibc)
import Glibc
#endif

/// One line of the Logs pane: a log line, or something said about the logs (a pod that
/// waits to start, the end of the job).
struct LogEntry: Sendable, Equatable {
    var text: String
    var isNotice: Bool
}

/// What is known about the job at one moment: the value the screen is drawn from.
struct LiveJobFacts: Sendable {
    enum LogState: Sendable, Equatable {
        case following
        /// The job ended and every stream was read to its end.
        case complete
        case stopped(String)
    }

    var name: String
    var namespace: String
    var job: MPIJob?
    /// Launchers first, then workers by index.
    var pods: [PodSummary] = []
    /// Oldest first.
    var events: [JobEvent] = []
    var eventsUnavailable: String?
    /// What the Logs pane shows: `all pods`, `worker-1`.
    var logTitle = "all pods"
    var log: [LogEntry] = []
    /// Older lines dropped to keep memory bounded.
    var logDropped = 0
    var logState = LogState.following
    var deleted = false
    var failure: ClientError?

    var isFinished: Bool { job?.phase.isFinished ?? false }
}

/// The facts, shared between the watch and log threads that fill them and the loop that
/// draws them. Every change wakes the loop; it redraws from a snapshot.
final class LiveJobStore: @unchecked Sendable {
    // @unchecked: every field below is used under `lock`.
    static let logLimit = 2_000

    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private let wake: @Sendable () -> Void
    private var facts: LiveJobFacts
    private var pods: [String: PodSummary] = [:]
    private var events: [String: JobEvent] = [:]

    init(name: String, namespace: String, job: MPIJob?, wake: @escaping @Sendable () -> Void) {
        facts = LiveJobFacts(name: name, namespace: namespace, job: job)
        self.wake = wake
        lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    private func change(_ body: (LiveJobStore) -> Void) {
        pthread_mutex_lock(lock)
        body(self)
        pthread_mutex_unlock(lock)
        wake()
    }

    func snapshot() -> LiveJobFacts {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        var copy = facts
        copy.pods = PodSummary.ordered(Array(pods.values))
        let all = Array(events.values)
        copy.events = facts.job.map { JobEvents.merge(all, job: $0) } ?? all.sorted { $0.sortTime < $1.sortTime }
        return copy
    }

    /// From the watch threads.
    func apply(_ update: JobLiveFeed.Update) {
        change { store in
            switch update {
            case .job(let job): store.facts.job = job
            case .jobDeleted: store.facts.deleted = true
            case .jobListed(let found): if !found { store.facts.deleted = true }
            case .pod(let pod):
                let summary = PodSummary(pod)
                store.pods[summary.name] = summary
            case .podDeleted(let name): store.pods[name] = nil
            case .event(let event): store.events[Self.key(event)] = event
            case .eventDeleted(let name): store.events[name] = nil
            case .eventsUnavailable(let reason): store.facts.eventsUnavailable = reason
            case .failed(let error): store.facts.failure = store.facts.failure ?? error
            }
        }
    }

    private static func key(_ event: JobEvent) -> String {
        event.name.isEmpty ? "\(event.objectReference)|\(event.reason)|\(event.message)" : event.name
    }

    // MARK: Logs (from the log engine's thread)

    func resetLog(title: String) {
        change { store in
            store.facts.logTitle = title
            store.facts.log.removeAll()
            store.facts.logDropped = 0
            store.facts.logState = .following
        }
    }

    func appendLog(_ bytes: [UInt8]) {
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        change { store in
            for (index, line) in lines.enumerated() where !(index == lines.count - 1 && line.isEmpty) {
                store.facts.log.append(LogEntry(text: String(decoding: line, as: UTF8.self), isNotice: false))
            }
            store.trimLog()
        }
    }

    func noteLog(_ text: String) {
        change { store in
            store.facts.log.append(LogEntry(text: text, isNotice: true))
            store.trimLog()
        }
    }

    func endLog(_ state: LiveJobFacts.LogState) {
        change { $0.facts.logState = state }
    }

    private func trimLog() {
        // Dropped in chunks, so a fast log does not shift the array on every line.
        guard facts.log.count > Self.logLimit + Self.logLimit / 4 else { return }
        let excess = facts.log.count - Self.logLimit
        facts.log.removeFirst(excess)
        facts.logDropped += excess
    }
}
