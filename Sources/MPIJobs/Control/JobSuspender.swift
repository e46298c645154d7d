import KubeClient

public enum SuspendAction: String, Sendable {
    case suspend
    case resume

    /// "suspended", "resumed"
    public var pastTense: String { self == .suspend ? "suspended" : "resumed" }
}

/// What a suspend or resume did to one job.
public enum SuspendResult: Sendable, Equatable {
    /// `spec.runPolicy.suspend` was patched (a job Kueue does not manage).
    case patchedJob
    /// The job's Kueue Workload got `spec.active` patched (Kueue then stops or queues the job).
    case patchedWorkload(name: String)
    /// Nothing needed changing; says why.
    case unchanged(String)
    /// The job is in no state to change (finished, being deleted, run by MultiKueue elsewhere).
    case refused(String)
}

/// Why a suspend or resume failed.
public enum SuspendFailure: Error, Sendable, Equatable {
    /// Reading the job (not found, no CRD, network).
    case job(MPIJobError)
    /// Reading Kueue's Workloads, to learn whether Kueue manages the job.
    case kueue(ClientError)
    /// The patch itself; `target` is what was patched (`mpijob "x"` / `workload "w"`), `viaKueue`
    /// whether it was the Workload.
    case patch(ClientError, target: String, viaKueue: Bool)
}

/// Suspends and resumes MPIJobs the way their manager expects.
///
/// A job Kueue manages (queue-name label and a Workload that the job controls) is stopped and
/// started through the Workload's `spec.active`: Kueue's job reconciler undoes a user's own
/// `runPolicy.suspend` in both directions — it unsuspends a suspended job whose Workload is
/// admitted, and suspends again a running job whose Workload is not — while an inactive
/// Workload is evicted (reason Deactivated), stopped, and never admitted until it is active
/// again (docs/suspend-resume.md has the file:line evidence). Other jobs get a JSON merge
/// patch of `spec.runPolicy.suspend`, which the mpi-operator acts on.
///
/// Each patch carries the resourceVersion that was read, so the decision (which object,
/// whether anything needs changing) is never applied to a state it was not made on. Status
/// updates by the operator and Kueue move that resourceVersion all the time, so a 409 means
/// read and decide again (as client-go's RetryOnConflict); only a job that keeps changing
/// under every attempt is reported as a conflict.
public struct JobSuspender {
    public let api: KubeAPI
    /// Read-decide-patch rounds before a conflict is reported.
    public var attempts = 4

    public init(api: KubeAPI) {
        self.api = api
    }

    public func apply(_ action: SuspendAction, name: String, namespace: String) throws(SuspendFailure) -> SuspendResult {
        var round = 1
        while true {
            do {
                return try attempt(action, name: name, namespace: namespace)
            } catch {
                guard case .patch(.api(let status), _, _) = error, status.code == 409, round < attempts else { throw error }
                round += 1
            }
        }
    }

    private func attempt(_ action: SuspendAction, name: String, namespace: String) throws(SuspendFailure)
        -> SuspendResult
    {
        let job: MPIJob
        do {
            job = try MPIJobClient(api: api).get(name: name, namespace: namespace)
        } catch {
            throw .job(error)
        }
        if job.deletionTimestamp != nil { return .refused("it is being deleted") }
        if job.phase.isFinished { return .refused("it has already \(job.phase.rawValue)") }
        if let managedBy = job.object[path: "spec", "runPolicy", "managedBy"]?.stringValue,
            managedBy == "kueue.x-k8s.io/multikueue"
        {
            return .refused("MultiKueue runs it on a worker cluster (runPolicy.managedBy \(managedBy)); suspend its Workload there")
        }
        if let workload = try kueueWorkload(of: job) {
            return try viaWorkload(action, job: job, workload: workload)
        }
        return try viaJob(action, job: job)
    }

    /// The Workload Kueue keeps for the job, if Kueue is served and manages it.
    func kueueWorkload(of job: MPIJob) throws(SuspendFailure) -> (Workload, KueueClient)? {
        guard job.queueName != nil else { return nil }
        do {
            guard let kueue = try KueueAPI.discover(api) else { return nil }
            let client = KueueClient(api: api, kueue: kueue)
            return try client.workload(for: job).map { ($0, client) }
        } catch {
            throw .kueue(error)
        }
    }

    private func viaWorkload(_ action: SuspendAction, job: MPIJob, workload pair: (Workload, KueueClient))
        throws(SuspendFailure) -> SuspendResult
    {
        let (workload, client) = pair
        switch action {
        case .suspend where !workload.isActive:
            return .unchanged("already suspended: Kueue Workload \(workload.name) is inactive")
        case .resume where workload.isActive:
            if job.isSuspended {
                return .unchanged("not suspended by a user: it waits in LocalQueue \(workload.queueName) and Kueue starts it when its quota allows")
            }
            return .unchanged("not suspended")
        default:
            do {
                _ = try client.setActive(action == .resume, workload: workload)
            } catch {
                throw .patch(error, target: "workload \"\(workload.name)\"", viaKueue: true)
            }
            return .patchedWorkload(name: workload.name)
        }
    }

    private func viaJob(_ action: SuspendAction, job: MPIJob) throws(SuspendFailure) -> SuspendResult {
        let suspend = action == .suspend
        guard job.isSuspended != suspend else { return .unchanged(suspend ? "already suspended" : "not suspended") }
        var metadata = JSONObject()
        if let version = job.resourceVersion { metadata["resourceVersion"] = .string(version) }
        let patch: JSON = ["metadata": .object(metadata), "spec": ["runPolicy": ["suspend": .bool(suspend)]]]
        do {
            _ = try api.patch(MPIJobClient.objectPath(namespace: job.namespace, name: job.name), body: patch)
        } catch {
            if case .api(let status) = error, status.code == 404 {
                throw .job(.notFound(name: job.name, namespace: job.namespace))
            }
            throw .patch(error, target: "mpijob \"\(job.name)\"", viaKueue: false)
        }
        return .patchedJob
    }
}
