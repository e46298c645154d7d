import KubeClient

/// What the launcher pod shows that the MPIJob's status cannot. A launcher with restartPolicy
/// OnFailure (the operator's default) that crashes restarts in the same pod: the launcher
/// Job's `failed` count, and so the MPIJob's `Launcher.failed`, never rises, while the pod
/// shows CrashLoopBackOff and a growing restart count. Only a command that reads pods sees it.
public struct LauncherObservation: Sendable, Equatable {
    public var pod: String
    public var restarts: Int
    public var waitingReason: String?

    /// The launcher has crashed at least once and runs again, or waits to.
    public var isRestarting: Bool { restarts > 0 || waitingReason == "CrashLoopBackOff" }

    /// From a job's launcher pods: the newest one that has not finished (a finished attempt
    /// says nothing about now).
    public init?(launcherPods: [PodSummary]) {
        let live = launcherPods.filter { $0.role == .launcher && !$0.isFinished && $0.deletionTimestamp == nil }
        guard let newest = live.max(by: { Self.created($0) < Self.created($1) }), let main = newest.mainContainer
        else { return nil }
        pod = newest.name
        restarts = main.restartCount
        waitingReason = main.waitingReason
    }

    private static func created(_ pod: PodSummary) -> Double {
        pod.creationTimestamp.flatMap(Timestamp.parse) ?? 0
    }
}

extension JobPods {
    /// The launcher pods of several jobs of one namespace in one request, by job name.
    public func launchers(jobs: [String], namespace: String) throws(ClientError) -> [String: [PodSummary]] {
        guard !jobs.isEmpty else { return [:] }
        let selector = "training.kubeflow.org/operator-name=mpi-operator,training.kubeflow.org/job-role=launcher,"
            + "training.kubeflow.org/job-name in (\(jobs.sorted().joined(separator: ",")))"
        var byJob: [String: [PodSummary]] = [:]
        for pod in try api.listItems(Self.podsPath(namespace: namespace), query: [("labelSelector", selector)]) {
            guard let job = pod[path: "metadata", "labels", "training.kubeflow.org/job-name"]?.stringValue else { continue }
            byJob[job, default: []].append(PodSummary(pod))
        }
        return byJob
    }
}

extension MPIJob {
    /// Whether the launcher's pod could change what `phase` says: a job that has not ended
    /// and is not held (suspended or queued).
    public var launcherPodMatters: Bool {
        switch phase {
        case .pending, .running, .restarting: return true
        case .queued, .admitted, .suspended, .succeeded, .failed: return false
        }
    }
}
