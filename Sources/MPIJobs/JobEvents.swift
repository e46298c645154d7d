import KubeClient

/// A core/v1 Event reduced to what `describe` shows, with the times it covers.
public struct JobEvent: Sendable, Equatable {
    public var type: String
    public var reason: String
    public var message: String
    public var objectKind: String
    public var objectName: String
    public var objectUID: String?
    /// The component that reported it (`kubelet`, `default-scheduler`, `mpi-job-controller`).
    public var source: String
    public var count: Int
    /// Seconds since the epoch; nil when the event carries no usable time.
    public var firstSeen: Double?
    public var lastSeen: Double?
    public var name: String

    public init(_ event: JSON) {
        name = event[path: "metadata", "name"]?.stringValue ?? ""
        type = event["type"]?.stringValue ?? ""
        reason = event["reason"]?.stringValue ?? ""
        message = (event["message"]?.stringValue ?? event["note"]?.stringValue ?? "")
        let involved = event["involvedObject"] ?? event["regarding"]
        objectKind = involved?["kind"]?.stringValue ?? ""
        objectName = involved?["name"]?.stringValue ?? ""
        objectUID = involved?["uid"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let component = event[path: "source", "component"]?.stringValue ?? ""
        source = component.isEmpty ? (event["reportingComponent"]?.stringValue ?? event["reportingController"]?.stringValue ?? "") : component
        // Old-style events count in `count`; events.k8s.io-style ones in `series.count`.
        let series = event["series"]
        count = max(1, event["count"]?.intValue ?? series?["count"]?.intValue ?? 1)
        func time(_ value: JSON?) -> Double? { value?.stringValue.flatMap(Timestamp.parse) }
        let eventTime = time(event["eventTime"])
        let created = time(event[path: "metadata", "creationTimestamp"])
        firstSeen = time(event["firstTimestamp"]) ?? eventTime ?? created
        lastSeen = time(event["lastTimestamp"]) ?? time(series?["lastObservedTime"]) ?? eventTime ?? firstSeen
    }

    public var isWarning: Bool { type == "Warning" }

    /// `pod/pi-worker-0`, `mpijob/pi`, `job/pi-launcher`, as kubectl names objects.
    public var objectReference: String {
        "\(objectKind.lowercased())/\(objectName)"
    }

    /// The time the event sorts by: when it was last seen.
    public var sortTime: Double { lastSeen ?? firstSeen ?? 0 }
}

/// Finds the events that tell a job's story: those of the MPIJob, its launcher Job and
/// every pod (including launcher attempts already deleted, named in the Job's events).
public struct JobEvents {
    public let api: KubeAPI
    /// Up to this many objects are asked one by one (precise, small answers); beyond it a
    /// single namespace list filtered here costs fewer round trips.
    public var perObjectLimit = 16

    public init(api: KubeAPI) {
        self.api = api
    }

    public static func eventsPath(namespace: String) -> String {
        "/api/v1/namespaces/\(QueryString.segment(namespace))/events"
    }

    public func fetch(job: MPIJob, pods: [PodSummary]) throws(ClientError) -> [JobEvent] {
        let namespace = job.namespace
        let launcherJob = job.name + "-launcher"
        var podNames = Set(pods.map(\.name))
        // Worker names are fixed (`<job>-worker-<i>`): their events outlive deleted pods
        // (an OOMKilled worker removed by cleanPodPolicy still has its OOMKilling event).
        for index in 0..<max(0, job.desiredWorkers) { podNames.insert("\(job.name)-worker-\(index)") }
        var events: [JobEvent] = []
        if podNames.count + 2 <= perObjectLimit {
            events += try objectEvents(namespace: namespace, kind: MPIJob.kind, name: job.name)
            let jobEvents = try objectEvents(namespace: namespace, kind: "Job", name: launcherJob)
            events += jobEvents
            // Launcher attempts the Job controller has already deleted still have events.
            podNames.formUnion(Self.podsNamed(in: jobEvents))
            for name in podNames.sorted() {
                events += try objectEvents(namespace: namespace, kind: "Pod", name: name)
            }
        } else {
            var collector = EventCollector(job: job.name, podNames: podNames)
            _ = try api.list(Self.eventsPath(namespace: namespace), into: &collector)
            events += collector.events
        }
        return Self.merge(events, job: job)
    }

    /// The events of these objects of one namespace (a job of any kind and its pods): asked
    /// object by object when few, else one namespace list filtered here.
    public func fetch(namespace: String, objects: [(kind: String, name: String)]) throws(ClientError) -> [JobEvent] {
        if objects.count <= perObjectLimit {
            var events: [JobEvent] = []
            for object in objects {
                events += try objectEvents(namespace: namespace, kind: object.kind, name: object.name)
            }
            return events
        }
        let wanted = Set(objects.map { "\($0.kind)/\($0.name)" })
        return try api.listItems(Self.eventsPath(namespace: namespace)).map(JobEvent.init).filter {
            wanted.contains("\($0.objectKind)/\($0.objectName)")
        }
    }

    func objectEvents(namespace: String, kind: String, name: String) throws(ClientError) -> [JobEvent] {
        let selector = "involvedObject.name=\(name),involvedObject.kind=\(kind)"
        return try api.listItems(Self.eventsPath(namespace: namespace), query: [("fieldSelector", selector)])
            .map(JobEvent.init)
    }

    /// Pod names in the launcher Job's `SuccessfulCreate`/`SuccessfulDelete` messages.
    static func podsNamed(in events: [JobEvent]) -> [String] {
        events.compactMap { event in
            for prefix in ["Created pod: ", "Deleted pod: "] where event.message.hasPrefix(prefix) {
                return String(event.message.dropFirst(prefix.count))
            }
            return nil
        }
    }

    /// Whether a namespace event is about this job: the MPIJob, its launcher Job, a known
    /// pod, or a pod name only this job's controllers make (`<job>-worker-<i>`,
    /// `<job>-launcher-<5 chars>`), which catches deleted launcher attempts too.
    public static func belongs(_ event: JobEvent, job: String, podNames: Set<String>) -> Bool {
        switch event.objectKind {
        case MPIJob.kind: return event.objectName == job
        case "Job": return event.objectName == job + "-launcher"
        case "Pod":
            if podNames.contains(event.objectName) { return true }
            let name = event.objectName
            if name.hasPrefix(job + "-worker-") {
                let rest = name.dropFirst(job.count + "-worker-".count)
                return !rest.isEmpty && rest.allSatisfy(\.isNumber)
            }
            if name.hasPrefix(job + "-launcher-") {
                let rest = name.dropFirst(job.count + "-launcher-".count)
                return rest.count == 5 && rest.allSatisfy { $0.isLetter || $0.isNumber }
            }
            return false
        default:
            return false
        }
    }

    /// Drops events of an older job of the same name, removes duplicates, sorts by when
    /// each was last seen (oldest first, as `kubectl describe` lists them).
    public static func merge(_ events: [JobEvent], job: MPIJob) -> [JobEvent] {
        merge(events, kind: MPIJob.kind, uid: job.uid, created: job.creationTimestamp.flatMap(Timestamp.parse))
    }

    /// The same for a job of any kind (`kind` is its Kind, `uid` its UID).
    public static func merge(_ events: [JobEvent], kind: String, uid: String?, created: Double?) -> [JobEvent] {
        var seen = Set<String>()
        var kept: [JobEvent] = []
        for event in events {
            if event.objectKind == kind, let uid, let other = event.objectUID, other != uid {
                continue
            }
            // Timestamps have whole seconds: allow one of slack before creation.
            if let created, let last = event.lastSeen, last < created - 1 { continue }
            let key = event.name.isEmpty ? "\(event.objectReference)|\(event.reason)|\(event.message)" : event.name
            if !seen.insert(key).inserted { continue }
            kept.append(event)
        }
        return kept.enumerated().sorted { a, b in
            a.element.sortTime != b.element.sortTime ? a.element.sortTime < b.element.sortTime : a.offset < b.offset
        }.map(\.element)
    }
}

/// Keeps only a job's events from a namespace's list, as they arrive: a busy namespace may
/// hold thousands of events about other objects.
struct EventCollector: ListSink {
    let job: String
    let podNames: Set<String>
    var events: [JobEvent] = []

    init(job: String, podNames: Set<String>) {
        self.job = job
        self.podNames = podNames
    }

    mutating func restart() { events.removeAll() }

    mutating func item(_ bytes: UnsafeBufferPointer<UInt8>) throws(ClientError) {
        let event = JobEvent(try ListItem.parse(bytes))
        if JobEvents.belongs(event, job: job, podNames: podNames) { events.append(event) }
    }
}
