import KubeClient
import MPIJobs

/// Kueue's view for `list --watch` and `get --watch`, so their rows say what `list` and `get`
/// say: read with the first state (one list of Workloads, as `list` reads it), then the Workload
/// of each queued job the watch sees change. Kueue admits, deactivates and evicts through the
/// Workload and then changes the job, so the job's change is when to look; a Workload that
/// changes while its job does not (a queued job deactivated) reaches the watches through their
/// watch of the Workloads (`apply`, WorkloadWatch).
struct WatchQueues {
    private(set) var index: QueueIndex?
    private var warned = false

    /// Like `list`'s lookup: a refusal or failure is a warning and the statuses come from the
    /// jobs alone (the exit code tells which, as `QueueLookup` does).
    mutating func load(_ session: Session, api: KubeAPI, namespace: String?, jobs: [MPIJob], wide: Bool) -> ExitCode {
        let (index, code) = QueueLookup.index(session, api: api, namespace: namespace, jobs: jobs, wide: wide)
        self.index = index
        return code
    }

    /// The job's phase as a row shows it: Kueue's view where it was read, the job's own otherwise.
    func phase(of job: MPIJob) -> JobPhase {
        index?.phase(of: job) ?? job.phase
    }

    /// A Workload as the Workload watch saw it (`WorkloadWatch`).
    mutating func apply(_ workload: Workload, deleted: Bool) {
        index?.apply(workload, deleted: deleted)
    }

    /// The job changed: its Workload is read again. A failure is said once; the job's row then
    /// shows the job's own status. Ctrl-C during the read ends the watch as usual.
    mutating func refresh(_ session: Session, job: MPIJob, api: KubeAPI) throws(ClientError) {
        guard index != nil, job.queueName != nil else { return }
        do {
            try index?.refresh(job, api: api)
        } catch {
            if case .transport(let transport) = error, transport.kind == .interrupted { throw error }
            index?.forget(job)
            guard !warned else { return }
            warned = true
            session.warn("cannot read the Workload of mpijob \"\(job.name)\" (\(error.description)): "
                + "statuses of queued jobs come from the jobs alone until it can be read")
        }
    }
}
