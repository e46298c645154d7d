import KubeClient

#if canImport(Glibc)
import Glibc
#endif

/// Following a job's logs: a pod watch feeds the engine the pods that appear, change and
/// go (a restarted worker, the launcher created after the workers, a second launcher
/// attempt); a job watch tells it to finish once the job has Succeeded or Failed. Each
/// watch runs on its own small thread with its own connection and can be cancelled.
public final class JobLogFollow: @unchecked Sendable {
    // @unchecked: `targets` and `state` are used under `lock`; the rest is immutable.

    public enum Outcome: Sendable, Equatable {
        /// The job has not ended (the follow was stopped for another reason).
        case running(lastPhase: JobPhase?)
        case finished(MPIJob.Snapshot)
        case deleted
        case notFound
    }

    let engine: LogStreamEngine
    let podAPI: KubeAPI
    let jobAPI: KubeAPI
    let name: String
    let namespace: String
    let onJobChange: @Sendable (MPIJob) -> Void
    let selection: LogSelection
    let jobEnded: Bool
    private let podsStop = Cancellation()
    private let jobStop = Cancellation()
    private var podThread: JoinableThread?
    private var jobThread: JoinableThread?

    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private var targets: LogTargets
    private var result: Outcome = .running(lastPhase: nil)
    /// The pod watch's first list was delivered: pods seen after it are new ones.
    private var podsListed = false

    /// `api` is only copied from: each watch gets a connection of its own.
    public init(api: KubeAPI, targets: LogTargets, engine: LogStreamEngine,
                onJobChange: @escaping @Sendable (MPIJob) -> Void = { _ in }) throws(ClientError) {
        self.engine = engine
        self.targets = targets
        name = targets.job
        namespace = targets.namespace
        selection = targets.selection
        jobEnded = targets.jobEnded
        self.onJobChange = onJobChange
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

    /// Stops both watches and waits for their threads. The job thread goes first: it may
    /// itself be joining the pod thread.
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

    private func post(_ changes: [LogTargetChange], issues: [LogTargetIssue]) {
        for change in changes {
            switch change {
            case .add(let target): engine.post(.add(target))
            case .update(let id, let state): engine.post(.update(id: id, state: state))
            }
        }
        var absent: [String] = []
        for issue in issues {
            if case .noPod(let label) = issue, !jobEnded {
                absent.append(label)
            } else {
                engine.post(.notice(Self.notice(for: issue, targets: locked { targets })))
            }
        }
        if !absent.isEmpty { engine.post(.absent(labels: absent)) }
    }

    /// How an issue reads to the user. For a job that had ended, a missing pod will not
    /// come any more: say what removed it.
    public static func notice(for issue: LogTargetIssue, targets: LogTargets) -> LogNotice {
        switch issue {
        case .noPod(let label):
            let removal = label == "launcher" ? targets.launcherRemoval : targets.workerRemoval
            guard let removal else { return .notStarted(label: label, reason: "no pod yet") }
            return .unavailable(label: label, pod: "", problem: .removed(cause: removal.cause, hint: removal.hint))
        case .noContainer(let label, let pod, let container, let available):
            return .unavailable(label: label, pod: pod, problem: .noContainer(container: container, available: available))
        }
    }

    private func watchPods() {
        let watcher = ListWatcher(api: podAPI, collectionPath: JobPods.podsPath(namespace: namespace),
                                  query: [("labelSelector", JobPods.selector(job: name, role: selection.role))])
        var listed = false
        do {
            _ = try watcher.run(deadline: nil, handler: { [self] event in
                var issues: [LogTargetIssue] = []
                let changes = locked {
                    event.kind == .deleted
                        ? targets.forget(event.object)
                        : targets.observe([event.object], initial: !listed, issues: &issues)
                }
                post(changes, issues: issues)
                return podsStop.isCancelled ? .stop : .proceed
            }, onListed: { [self] in
                listed = true
                post([], issues: locked {
                    podsListed = true
                    return targets.missing()
                })
                return .proceed
            })
        } catch {
            if podsStop.isCancelled || Interrupt.requested { return }
            engine.post(.notice(.warning(
                "stopped watching the pods of mpijob \"\(name)\" (\(error)); pods that start from now on are not shown")))
        }
    }

    private func watchJob() {
        let watcher = ListWatcher(api: jobAPI, collectionPath: MPIJobClient.collectionPath(namespace: namespace),
                                  query: [("fieldSelector", "metadata.name=\(name)")])
        var seen = false
        do {
            _ = try watcher.run(deadline: nil, handler: { [self] event in
                if event.kind == .deleted {
                    locked { result = .deleted }
                    return .stop
                }
                seen = true
                let job = MPIJob(event.object)
                let phase = job.phase
                onJobChange(job)
                if phase.isFinished {
                    locked { result = .finished(job.snapshot) }
                    return .stop
                }
                locked { result = .running(lastPhase: phase) }
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

    /// The job ended: stop watching pods, catch up on what the pod watch had not delivered
    /// yet (a last state change, a pod created just before the end), then let the engine drain.
    private func finishAfterJob() {
        podsStop.cancel()
        podThread?.join()
        do {
            let pods = try JobPods(api: jobAPI).list(job: name, namespace: namespace, role: selection.role)
            var issues: [LogTargetIssue] = []
            // If the job ended before the pod watch's first list arrived, this list is the first:
            // --tail and --since apply to its pods.
            let changes = locked {
                let firstList = !podsListed
                let changes = targets.observe(pods, initial: firstList, issues: &issues)
                if firstList { issues += targets.missing() }
                return changes
            }
            post(changes, issues: issues)
        } catch {
            if jobStop.isCancelled || Interrupt.requested { return }
            engine.post(.notice(.warning("could not list the pods of mpijob \"\(name)\" after it ended (\(error))")))
        }
        engine.post(.finish)
    }
}
