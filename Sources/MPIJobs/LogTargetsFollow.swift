import KubeClient

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
    let watches: FollowWatches
    let name: String
    let namespace: String
    let onJobChange: @Sendable (MPIJob) -> Void
    let selection: LogSelection
    let jobEnded: Bool

    private let locked = Lock()
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
        watches = try FollowWatches(api: api)
    }

    deinit {
        stop()
    }

    public var outcome: Outcome { locked { result } }

    public func start() throws(JoinableThread.StartError) {
        try watches.start(pods: { [self] in watchPods() }, job: { [self] in watchJob() })
    }

    public func stop() { watches.stop() }

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
        watches.watchPods(
            namespace: namespace, selector: JobPods.selector(job: name, role: selection.role),
            subject: "mpijob \"\(name)\"", engine: engine,
            event: { [self] event, initial in
                var issues: [LogTargetIssue] = []
                let changes = locked {
                    event.kind == .deleted
                        ? targets.forget(event.object)
                        : targets.observe([event.object], initial: initial, issues: &issues)
                }
                post(changes, issues: issues)
            },
            listed: { [self] in
                post([], issues: locked {
                    podsListed = true
                    return targets.missing()
                })
            })
    }

    private func watchJob() {
        let ended = watches.watchJob(collectionPath: MPIJobClient.collectionPath(namespace: namespace), name: name,
                                     engine: engine) { [self] sighting in
            switch sighting {
            case .deleted:
                locked { result = .deleted }
            case .notFound:
                locked { result = .notFound }
            case .changed(let object):
                let job = MPIJob(object)
                let phase = job.phase
                onJobChange(job)
                guard phase.isFinished else {
                    locked { result = .running(lastPhase: phase) }
                    return false
                }
                locked { result = .finished(job.snapshot) }
            }
            return true
        }
        if ended { finishAfterJob() }
    }

    /// The job ended: stop watching pods, catch up on what the pod watch had not delivered
    /// yet (a last state change, a pod created just before the end), then let the engine drain.
    private func finishAfterJob() {
        watches.stopPods()
        do {
            let pods = try JobPods(api: watches.jobAPI).list(job: name, namespace: namespace, role: selection.role)
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
            if watches.jobStop.isCancelled || Interrupt.requested { return }
            engine.post(.notice(.warning("could not list the pods of mpijob \"\(name)\" after it ended (\(error))")))
        }
        engine.post(.finish)
    }
}
