import KubeClient
import MPIJobs

#if canImport(Glibc)
import Glibc
#endif

/// Following the logs of a job of any kind: a pod watch feeds the engine the selected pods
/// as they appear, change and go (a replica recreated after a failure, a node started late);
/// a watch of the job itself ends the follow once the job has Succeeded or Failed. Each watch
/// runs on its own thread with its own connection (as `JobLogFollow` does for MPIJobs).
public final class KindLogFollow: @unchecked Sendable {
    // @unchecked: `targets` and `result` are used under `lock`; the rest is immutable.

    public enum Outcome: Sendable, Equatable {
        case running
        case finished(JobPhase, failure: String?)
        case deleted
        case notFound
    }

    let engine: LogStreamEngine
    let podAPI: KubeAPI
    let jobAPI: KubeAPI
    let job: TrainingJob
    private let podsStop = Cancellation()
    private let jobStop = Cancellation()
    private var podThread: JoinableThread?
    private var jobThread: JoinableThread?
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private var targets: KindLogTargets
    private var result: Outcome = .running
    private var podsListed = false

    public init(api: KubeAPI, targets: KindLogTargets, engine: LogStreamEngine) throws(ClientError) {
        self.engine = engine
        self.targets = targets
        job = targets.job
        podAPI = try api.makeSibling()
        jobAPI = try api.makeSibling()
        podAPI.cancelTransfers(on: podsStop)
        jobAPI.cancelTransfers(on: jobStop)
        lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
    }

    deinit {
        stop()
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    public var outcome: Outcome { locked { result } }

    public func start() throws(JoinableThread.StartError) {
        podThread = try JoinableThread { [self] in watchPods() }
        jobThread = try JoinableThread { [self] in watchJob() }
    }

    /// Stops both watches; the job thread first, as it may be joining the pod thread.
    public func stop() {
        podsStop.cancel()
        jobStop.cancel()
        jobThread?.join()
        podThread?.join()
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return body()
    }

    private func post(_ observed: (changes: [LogTargetChange], notices: [LogNotice])) {
        for change in observed.changes {
            switch change {
            case .add(let target): engine.post(.add(target))
            case .update(let id, let state): engine.post(.update(id: id, state: state))
            }
        }
        for notice in observed.notices { engine.post(.notice(notice)) }
    }

    private var podSelector: String { job.kind.podSelector(job: job.name, role: targets.selection.role) }

    private func watchPods() {
        let watcher = ListWatcher(api: podAPI, collectionPath: JobPods.podsPath(namespace: job.namespace),
                                  query: [("labelSelector", podSelector)])
        var listed = false
        do {
            _ = try watcher.run(deadline: nil, handler: { [self] event in
                post(locked {
                    event.kind == .deleted ? (targets.forget(event.object), [])
                        : targets.observe([event.object], initial: !listed)
                })
                return podsStop.isCancelled ? .stop : .proceed
            }, onListed: { [self] in
                listed = true
                let none = locked {
                    podsListed = true
                    return !targets.seenAny
                }
                // Said if none comes soon; only a single pod's label is known before it exists.
                if none, case .role(let role, let index?) = targets.selection {
                    engine.post(.absent(labels: ["\(role.lowercased())-\(index)"]))
                }
                return .proceed
            })
        } catch {
            if podsStop.isCancelled || Interrupt.requested { return }
            engine.post(.notice(.warning(
                "stopped watching the pods of \(job.reference) (\(error)); pods that start from now on are not shown")))
        }
    }

    private func watchJob() {
        let watcher = ListWatcher(api: jobAPI, collectionPath: job.kind.resource.collectionPath(namespace: job.namespace),
                                  query: [("fieldSelector", "metadata.name=\(job.name)")])
        var seen = false
        do {
            _ = try watcher.run(deadline: nil, handler: { [self] event in
                if event.kind == .deleted {
                    locked { result = .deleted }
                    return .stop
                }
                seen = true
                let current = TrainingJob(kind: job.kind, object: event.object)
                if current.phase.isFinished {
                    locked { result = .finished(current.phase, failure: current.failureSummary) }
                    return .stop
                }
                return jobStop.isCancelled ? .stop : .proceed
            }, onListed: { [self] in
                if !seen {
                    locked { result = .notFound }
                    return .stop
                }
                return .proceed
            })
        } catch {
            if jobStop.isCancelled || Interrupt.requested { return }
            engine.post(.abort((error as? ClientError) ?? .malformedResponse("\(error)")))
            return
        }
        if jobStop.isCancelled { return }
        finishAfterJob()
    }

    /// The job ended: stop the pod watch, catch up on what it had not delivered yet, then let
    /// the engine drain.
    private func finishAfterJob() {
        podsStop.cancel()
        podThread?.join()
        do {
            let pods = try JobPodList(api: jobAPI).pods(of: job, role: targets.selection.role)
            post(locked { targets.observe(pods, initial: !podsListed) })
        } catch {
            if jobStop.isCancelled || Interrupt.requested { return }
            engine.post(.notice(.warning("could not list the pods of \(job.reference) after it ended (\(error))")))
        }
        engine.post(.finish)
    }
}
