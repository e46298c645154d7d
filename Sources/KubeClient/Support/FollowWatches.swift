#if canImport(Glibc)
import Glibc
#endif

/// A mutex for a small amount of state shared between a follow's threads.
public final class Lock: @unchecked Sendable {
    // @unchecked: the mutex is what makes callers' state safe.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    public init() {
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    public func callAsFunction<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }
}

/// The two watches of a log follow — the job's pods and the job itself — each on its own small
/// thread with its own connection, each cancellable. The job watch ends the follow; it may
/// stop the pod watch itself (`stopPods`) to catch up on the pods before finishing.
public final class FollowWatches: @unchecked Sendable {
    // @unchecked: the threads are set by `start` and joined by `stop`/`stopPods`, in an order
    // that never joins one thread from two places at once (see `stop`).
    public let podAPI: KubeAPI
    public let jobAPI: KubeAPI
    public let podsStop = Cancellation()
    public let jobStop = Cancellation()
    private var podThread: JoinableThread?
    private var jobThread: JoinableThread?

    /// `api` is only copied from: each watch gets a connection of its own.
    public init(api: KubeAPI) throws(ClientError) {
        podAPI = try api.makeSibling()
        jobAPI = try api.makeSibling()
        podAPI.cancelTransfers(on: podsStop)
        jobAPI.cancelTransfers(on: jobStop)
    }

    public func start(pods: @escaping @Sendable () -> Void, job: @escaping @Sendable () -> Void)
        throws(JoinableThread.StartError)
    {
        podThread = try JoinableThread(pods)
        jobThread = try JoinableThread(job)
    }

    /// From the job thread: ends the pod watch and waits for it.
    public func stopPods() {
        podsStop.cancel()
        podThread?.join()
    }

    /// Stops both watches and waits for their threads. The job thread goes first: it may
    /// itself be joining the pod thread.
    public func stop() {
        podsStop.cancel()
        jobStop.cancel()
        jobThread?.join()
        podThread?.join()
    }

    /// The pod watch: every event of the pods `selector` picks in `namespace`, `initial` while
    /// the first list is delivered. A watch that breaks for good is said on the engine
    /// (`subject`: `mpijob "pi"`), and the follow goes on with the pods it has.
    public func watchPods(namespace: String, selector: String, subject: String, engine: LogStreamEngine,
                          event: (WatchEvent, _ initial: Bool) -> Void, listed: () -> Void) {
        let watcher = ListWatcher(api: podAPI, collectionPath: "/api/v1/namespaces/\(QueryString.segment(namespace))/pods",
                                  query: [("labelSelector", selector)])
        var initial = true
        do {
            _ = try watcher.run(deadline: nil, handler: { [self] change in
                event(change, initial)
                return podsStop.isCancelled ? .stop : .proceed
            }, onListed: {
                initial = false
                listed()
                return .proceed
            })
        } catch {
            if podsStop.isCancelled || Interrupt.requested { return }
            engine.post(.notice(.warning(
                "stopped watching the pods of \(subject) (\(error)); pods that start from now on are not shown")))
        }
    }

    /// What the job watch saw of the job.
    public enum JobSighting: Sendable {
        case changed(JSON)
        case deleted
        case notFound
    }

    /// The job watch: the job `name` in `collectionPath` until `seen` says it is over (returns
    /// true), it is deleted, or it does not exist. Returns whether the follow should finish now
    /// (false when stopped, or when the watch failed: then the engine is aborted).
    public func watchJob(collectionPath: String, name: String, engine: LogStreamEngine,
                         seen: (JobSighting) -> Bool) -> Bool {
        let watcher = ListWatcher(api: jobAPI, collectionPath: collectionPath,
                                  query: [("fieldSelector", "metadata.name=\(name)")])
        var found = false
        do {
            _ = try watcher.run(deadline: nil, handler: { [self] change in
                if change.kind == .deleted {
                    _ = seen(.deleted)
                    return .stop
                }
                found = true
                if seen(.changed(change.object)) { return .stop }
                return jobStop.isCancelled ? .stop : .proceed
            }, onListed: {
                if found { return .proceed }
                _ = seen(.notFound)
                return .stop
            })
        } catch {
            if jobStop.isCancelled || Interrupt.requested { return false }
            engine.post(.abort((error as? ClientError) ?? .malformedResponse("\(error)")))
            return false
        }
        return !jobStop.isCancelled
    }
}
