import KubeClient

/// Everything a live view of one job needs, as it changes: the job, its pods and the
/// events about them, each from its own list-then-watch (ListWatcher: resumes from the
/// last resourceVersion, relists on 410) on its own connection and thread. Updates reach
/// `deliver` on those threads as they arrive; nothing is polled.
///
/// Events are watched for the whole namespace and kept when they are about this job (the
/// MPIJob, its launcher Job, or a pod only its controllers name, `JobEvents.belongs`): a
/// field selector cannot ask for several objects at once.
public final class JobLiveFeed: @unchecked Sendable {
    // @unchecked: immutable after init; threads are started and joined by the owner's thread.
    public enum Update: Sendable {
        case job(MPIJob)
        case jobDeleted
        /// The job watch's first list is in; `found` false: there is no such job.
        case jobListed(found: Bool)
        case pod(JSON)
        case podDeleted(name: String)
        case event(JobEvent)
        case eventDeleted(name: String)
        /// Events cannot be watched (RBAC): the rest still works.
        case eventsUnavailable(String)
        /// A job or pod watch gave up: the view cannot stay live.
        case failed(ClientError)
    }

    let name: String
    let namespace: String
    let deliver: @Sendable (Update) -> Void
    private let jobAPI: KubeAPI
    private let podAPI: KubeAPI
    private let eventAPI: KubeAPI
    private let stopping = Cancellation()
    private var threads: [JoinableThread] = []

    /// `api` is only copied from: each watch gets a connection of its own.
    public init(api: KubeAPI, name: String, namespace: String,
                deliver: @escaping @Sendable (Update) -> Void) throws(ClientError) {
        self.name = name
        self.namespace = namespace
        self.deliver = deliver
        jobAPI = try api.makeSibling()
        podAPI = try api.makeSibling()
        eventAPI = try api.makeSibling()
        for client in [jobAPI, podAPI, eventAPI] { client.cancelTransfers(on: stopping) }
    }

    deinit {
        stop()
    }

    public func start() throws(JoinableThread.StartError) {
        threads.append(try JoinableThread { [self] in watchJob() })
        threads.append(try JoinableThread { [self] in watchPods() })
        threads.append(try JoinableThread { [self] in watchEvents() })
    }

    /// Ends every watch at once (their sockets are shut down) and waits for the threads.
    public func stop() {
        stopping.cancel()
        for thread in threads { thread.join() }
        threads.removeAll()
    }

    private var stopped: Bool { stopping.isCancelled }

    private func watchJob() {
        let watcher = ListWatcher(api: jobAPI, collectionPath: MPIJobClient.collectionPath(namespace: namespace),
                                  query: [("fieldSelector", "metadata.name=\(name)")])
        var found = false
        run(watcher, failure: { [self] error in deliver(.failed(error)) }, handler: { [self] event in
            if event.kind == .deleted {
                deliver(.jobDeleted)
            } else {
                found = true
                deliver(.job(MPIJob(event.object)))
            }
        }, listed: { [self] in deliver(.jobListed(found: found)) })
    }

    private func watchPods() {
        let watcher = ListWatcher(api: podAPI, collectionPath: JobPods.podsPath(namespace: namespace),
                                  query: [("labelSelector", JobPods.selector(job: name))])
        run(watcher, failure: { [self] error in deliver(.failed(error)) }, handler: { [self] event in
            if event.kind == .deleted {
                deliver(.podDeleted(name: event.object[path: "metadata", "name"]?.stringValue ?? ""))
            } else {
                deliver(.pod(event.object))
            }
        })
    }

    private func watchEvents() {
        let watcher = ListWatcher(api: eventAPI, collectionPath: JobEvents.eventsPath(namespace: namespace))
        run(watcher, failure: { [self] error in
            deliver(.eventsUnavailable(error.description))
        }, handler: { [self] event in
            let jobEvent = JobEvent(event.object)
            guard JobEvents.belongs(jobEvent, job: name, podNames: []) else { return }
            if event.kind == .deleted {
                deliver(.eventDeleted(name: jobEvent.name))
            } else {
                deliver(.event(jobEvent))
            }
        })
    }

    private func run(_ watcher: ListWatcher, failure: (ClientError) -> Void, handler: (WatchEvent) -> Void,
                     listed: () -> Void = {}) {
        do {
            _ = try watcher.run(deadline: nil, handler: { [self] event in
                if stopped { return .stop }
                handler(event)
                return .proceed
            }, onListed: {
                listed()
                return .proceed
            })
        } catch {
            if stopped || Interrupt.requested { return }
            failure((error as? ClientError) ?? .malformedResponse("\(error)"))
        }
    }
}
