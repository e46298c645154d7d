#if canImport(Glibc)
import Glibc
#endif
import KubeClient

/// Watches one job **and** its pods at once — each watch on its own connection and thread,
/// since a watch blocks its connection — and tells the caller, on the caller's thread,
/// whenever either changed. Pod changes matter on their own: an image that will not pull
/// or a pod the scheduler refuses changes no field of the MPIJob.
public final class JobChangeFeed: @unchecked Sendable {
    // @unchecked: the mutable state below is only touched under `mutex`.
    public enum Change: Sendable {
        /// The job (as last seen) or one of its pods changed.
        case changed(MPIJob)
        case deleted
        case notFound
    }

    let jobAPI: KubeAPI
    let podAPI: KubeAPI
    let name: String
    let namespace: String
    /// Bursts (the operator touching several pods at once) become one change.
    public var settle: Double = 0.1

    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var latest: MPIJob?
    private var dirty = false
    private var listed = false
    private var deleted = false
    private var failure: (any Error)?

    /// `api` makes the two connections the watches use; the caller keeps `api` for its own reads.
    public init(api: KubeAPI, name: String, namespace: String) throws(ClientError) {
        jobAPI = try api.makeSibling()
        podAPI = try api.makeSibling()
        self.name = name
        self.namespace = namespace
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
    }

    deinit {
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }

    /// Calls `handler` with the first state and then after every change, until it says
    /// stop, the job is gone, or a watch fails. The watch threads end with the process.
    public func run(_ handler: (Change) throws -> WatchDecision) throws {
        // Dropped at once: the thread detaches and ends with the process.
        _ = try JoinableThread { [self] in
            let watcher = ListWatcher(
                api: jobAPI, collectionPath: MPIJobClient.collectionPath(namespace: namespace),
                query: [("fieldSelector", "metadata.name=\(name)")])
            do {
                _ = try watcher.run(deadline: nil) { event in
                    self.update { feed in
                        if event.kind == .deleted { feed.deleted = true } else { feed.latest = MPIJob(event.object) }
                        feed.dirty = true
                    }
                    return .proceed
                } onListed: {
                    self.update { $0.listed = true }
                    return .proceed
                }
            } catch {
                self.update { $0.failure = error }
            }
        }
        _ = try JoinableThread { [self] in
            let watcher = ListWatcher(api: podAPI, collectionPath: JobPods.podsPath(namespace: namespace),
                                      query: [("labelSelector", JobPods.selector(job: name))])
            do {
                _ = try watcher.run(deadline: nil) { _ in
                    self.update { $0.dirty = true }
                    return .proceed
                }
            } catch {
                self.update { $0.failure = error }
            }
        }
        var shown = false
        while true {
            let change = try next(first: !shown)
            shown = true
            if case .stop = try handler(change) { return }
            switch change {
            case .changed: continue
            case .deleted, .notFound: return
            }
        }
    }

    private func update(_ body: (JobChangeFeed) -> Void) {
        pthread_mutex_lock(&mutex)
        body(self)
        pthread_cond_signal(&condition)
        pthread_mutex_unlock(&mutex)
    }

    /// Blocks until something to report; wakes every 100 ms to notice Ctrl-C.
    private func next(first: Bool) throws -> Change {
        var settled = false
        while true {
            pthread_mutex_lock(&mutex)
            if let failure {
                pthread_mutex_unlock(&mutex)
                throw failure
            }
            let ready = first ? listed : (dirty || deleted)
            if ready && settled {
                defer { pthread_mutex_unlock(&mutex) }
                dirty = false
                if deleted { return .deleted }
                guard let latest else { return .notFound }
                return .changed(latest)
            }
            if !ready {
                var deadline = timespec()
                clock_gettime(CLOCK_REALTIME, &deadline)
                deadline.tv_nsec += 100_000_000
                if deadline.tv_nsec >= 1_000_000_000 {
                    deadline.tv_sec += 1
                    deadline.tv_nsec -= 1_000_000_000
                }
                _ = pthread_cond_timedwait(&condition, &mutex, &deadline)
            }
            pthread_mutex_unlock(&mutex)
            if Interrupt.requested {
                throw ClientError.transport(TransportError(kind: .interrupted, message: "interrupted"))
            }
            if ready && !settled {
                // Let the rest of a burst arrive before the caller re-reads everything.
                settled = true
                usleep(UInt32(settle * 1_000_000))
            }
        }
    }
}
