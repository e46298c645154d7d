import KubeClient
import MPIJobs

/// The story of one job of any kind at one moment: what `jobs describe` prints.
public struct TrainingJobDescription: Sendable {
    public var job: TrainingJob
    public var pods: [JobPod]
    /// Oldest first.
    public var events: [JobEvent]
    /// The kind's diagnosis (MPIJob's rules); empty for kinds without rules.
    public var findings: [Finding]
    public var now: Double
    /// Why events are missing when they could not be read (no RBAC for events).
    public var eventsUnavailable: String?

    /// Conditions oldest first.
    public var timeline: [JobCondition] { JobCondition.timeline(job.conditions) }
}

/// Gathers a description: the job's pods by its operator's labels, then the events of the job
/// and of every pod.
public struct TrainingJobDescriber {
    public let api: KubeAPI

    public init(api: KubeAPI) {
        self.api = api
    }

    public func describe(_ job: TrainingJob) throws(ClientError) -> TrainingJobDescription {
        let pods = JobPodList.ordered(try JobPodList(api: api).pods(of: job), of: job)
        let objects = [(kind: job.kind.kind, name: job.name)] + pods.map { (kind: "Pod", name: $0.summary.name) }
        let now = Timestamp.now()
        var events: [JobEvent] = []
        var unavailable: String?
        do {
            events = JobEvents.merge(try JobEvents(api: api).fetch(namespace: job.namespace, objects: objects),
                                     kind: job.kind.kind, uid: job.uid,
                                     created: job.creationTimestamp.flatMap(Timestamp.parse))
        } catch {
            // Only a refusal is survivable: the rest of the story is still worth showing.
            guard case .api(let status) = error, status.code == 403 else { throw error }
            unavailable = status.message.isEmpty ? "forbidden" : status.message
        }
        let findings = job.kind.findings(job: job.object, pods: pods.map(\.summary), events: events, now: now)
        return TrainingJobDescription(job: job, pods: pods, events: events, findings: findings, now: now,
                                      eventsUnavailable: unavailable)
    }
}
