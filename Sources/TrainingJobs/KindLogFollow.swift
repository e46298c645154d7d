import KubeClient
import MPIJobs

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
    let watches: FollowWatches
    let job: TrainingJob
    private let locked = Lock()
    private var targets: KindLogTargets
    private var result: Outcome = .running
    private var podsListed = false

    public init(api: KubeAPI, targets: KindLogTargets, engine: LogStreamEngine) throws(ClientError) {
        self.engine = engine
        self.targets = targets
        job = targets.job
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
        watches.watchPods(
            namespace: job.namespace, selector: podSelector, subject: job.reference, engine: engine,
            event: { [self] event, initial in
                post(locked {
                    event.kind == .deleted ? (targets.forget(event.object), [])
                        : targets.observe([event.object], initial: initial)
                })
            },
            listed: { [self] in
                let none = locked {
                    podsListed = true
                    return !targets.seenAny
                }
                // Said if none comes soon; only a single pod's label is known before it exists.
                if none, case .role(let role, let index?) = targets.selection {
                    engine.post(.absent(labels: ["\(role.lowercased())-\(index)"]))
                }
            })
    }

    private func watchJob() {
        let ended = watches.watchJob(collectionPath: job.kind.resource.collectionPath(namespace: job.namespace),
                                     name: job.name, engine: engine) { [self] sighting in
            switch sighting {
            case .deleted: locked { result = .deleted }
            case .notFound: locked { result = .notFound }
            case .changed(let object):
                let current = TrainingJob(kind: job.kind, object: object)
                guard current.phase.isFinished else { return false }
                locked { result = .finished(current.phase, failure: current.failureSummary) }
            }
            return true
        }
        if ended { finishAfterJob() }
    }

    /// The job ended: stop the pod watch, catch up on what it had not delivered yet, then let
    /// the engine drain.
    private func finishAfterJob() {
        watches.stopPods()
        do {
            let pods = try JobPodList(api: watches.jobAPI).pods(of: job, role: targets.selection.role)
            post(locked { targets.observe(pods, initial: !podsListed) })
        } catch {
            if watches.jobStop.isCancelled || Interrupt.requested { return }
            engine.post(.notice(.warning("could not list the pods of \(job.reference) after it ended (\(error))")))
        }
        engine.post(.finish)
    }
}
