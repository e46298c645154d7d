import KubeClient

/// The whole story of one job at one moment: what `describe` prints, in any format.
public struct JobDescription: Sendable {
    public var job: MPIJob
    public var spec: JobSpecSummary
    /// Launchers first, then workers by index.
    public var pods: [PodSummary]
    /// Oldest first.
    public var events: [JobEvent]
    public var findings: [Finding]
    /// Wall-clock time the facts were gathered, for ages.
    public var now: Double
    /// Why the events are missing, when they could not be read (e.g. no RBAC for events):
    /// the rest of the story is still worth showing.
    public var eventsUnavailable: String?
    /// Kueue's side (Queue section), for a queued job on a cluster that serves Kueue.
    public var queue: QueueFacts?

    public init(job: MPIJob, pods: [PodSummary], events: [JobEvent], now: Double, eventsUnavailable: String? = nil,
                queue: QueueFacts? = nil) {
        self.eventsUnavailable = eventsUnavailable
        var job = job
        job.launcher = LauncherObservation(launcherPods: pods)
        self.job = job
        self.spec = JobSpecSummary(job)
        self.pods = PodSummary.ordered(pods)
        self.events = events
        self.queue = queue
        self.findings = Diagnosis.findings(job: self.job, pods: self.pods, events: events, now: now, queue: queue)
        self.now = now
    }

    /// The status a person sees: Kueue's Workload tells Queued from Admitted and Suspended.
    public var phase: JobPhase { job.phase(workload: queue?.workload.value) }

    /// Conditions oldest first: the job's timeline.
    public var timeline: [JobCondition] { JobCondition.timeline(job.conditions) }

    /// Whether two descriptions show the same facts (ages aside): `describe --watch`
    /// re-renders only on a real change.
    public func sameFacts(as other: JobDescription) -> Bool {
        job.resourceVersion == other.job.resourceVersion && pods == other.pods && events == other.events
            && queue?.workload.value?.resourceVersion == other.queue?.workload.value?.resourceVersion
    }
}

/// Gathers a description: the job, then its pods by the operator's labels, then events.
public struct JobDescriber {
    public let api: KubeAPI

    public init(api: KubeAPI) {
        self.api = api
    }

    public func describe(name: String, namespace: String) throws(MPIJobError) -> JobDescription {
        let job = try MPIJobClient(api: api).get(name: name, namespace: namespace)
        return try describe(job)
    }

    /// For a job already in hand (from a watch event).
    public func describe(_ job: MPIJob) throws(MPIJobError) -> JobDescription {
        let pods: [PodSummary]
        let queue: QueueFacts?
        do {
            pods = try JobPods(api: api).list(job: job.name, namespace: job.namespace).map(PodSummary.init)
            queue = try QueueDescriber(api: api).describe(job)
        } catch {
            throw .client(error)
        }
        do {
            let events = try JobEvents(api: api).fetch(job: job, pods: pods)
            return JobDescription(job: job, pods: pods, events: events, now: Timestamp.now(), queue: queue)
        } catch {
            // Only a refusal is survivable: anything else (network, interrupt) ends the command.
            guard case .api(let status) = error, status.code == 403 else { throw .client(error) }
            return JobDescription(job: job, pods: pods, events: [], now: Timestamp.now(),
                                  eventsUnavailable: status.message.isEmpty ? "forbidden" : status.message, queue: queue)
        }
    }
}
