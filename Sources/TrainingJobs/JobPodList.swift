import KubeClient
import MPIJobs

/// A pod of a job with its place in it (role and index, from the operator's labels).
public struct JobPod: Sendable, Equatable {
    public var role: PodRole
    public var primary: Bool
    public var summary: PodSummary
    /// The pod as the server sent it.
    public var pod: JSON
}

/// Finds a job's pods by its operator's labels, never by guessing names.
public struct JobPodList {
    public let api: KubeAPI

    public init(api: KubeAPI) {
        self.api = api
    }

    public func pods(of job: TrainingJob, role: String? = nil) throws(ClientError) -> [JSON] {
        try api.listItems(JobPods.podsPath(namespace: job.namespace),
                          query: [("labelSelector", job.kind.podSelector(job: job.name, role: role))])
    }

    /// The primary pod first, then by role and index, then oldest first (a replaced pod's successor after it).
    public static func ordered(_ pods: [JSON], of job: TrainingJob) -> [JobPod] {
        let placed = pods.map { pod -> (JobPod, Double) in
            let role = job.kind.podRole(pod)
            let created = Timestamp.parse(pod[path: "metadata", "creationTimestamp"]?.stringValue ?? "") ?? 0
            return (JobPod(role: role, primary: job.kind.isPrimary(role, of: job.object), summary: PodSummary(pod),
                           pod: pod), created)
        }
        return placed.sorted { a, b in
            if a.0.primary != b.0.primary { return a.0.primary }
            if a.0.role != b.0.role { return a.0.role < b.0.role }
            return (a.1, a.0.summary.name) < (b.1, b.0.summary.name)
        }.map(\.0)
    }
}
