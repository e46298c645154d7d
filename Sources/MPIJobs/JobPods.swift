import KubeClient

/// The pods of a job, found by the operator's labels (never by guessing names).
public struct JobPods {
    public let api: KubeAPI

    public init(api: KubeAPI) {
        self.api = api
    }

    public static func selector(job: String, role: String? = nil) -> String {
        var selector = "training.kubeflow.org/job-name=\(job),training.kubeflow.org/operator-name=mpi-operator"
        if let role { selector += ",training.kubeflow.org/job-role=\(role)" }
        return selector
    }

    public static func podsPath(namespace: String) -> String {
        "/api/v1/namespaces/\(QueryString.segment(namespace))/pods"
    }

    /// One request: a job's pods are a few, found by an exact selector (no paging to do).
    public func list(job: String, namespace: String, role: String? = nil) throws(ClientError) -> [JSON] {
        try api.listItems(Self.podsPath(namespace: namespace),
                          query: [("labelSelector", Self.selector(job: job, role: role))])
    }

    /// The newest launcher pod: after a failed attempt the Job controller makes a new one.
    public func newestLauncher(job: String, namespace: String) throws(ClientError) -> JSON? {
        try list(job: job, namespace: namespace, role: "launcher").max { a, b in
            (Timestamp.parse(a[path: "metadata", "creationTimestamp"]?.stringValue ?? "") ?? 0)
                < (Timestamp.parse(b[path: "metadata", "creationTimestamp"]?.stringValue ?? "") ?? 0)
        }
    }

    /// The last lines of a pod's log (the MPI container, containers[0]).
    public func tail(pod: JSON, namespace: String, lines: Int) throws(ClientError) -> String {
        let name = pod[path: "metadata", "name"]?.stringValue ?? ""
        var query: [(String, String)] = [("tailLines", String(lines))]
        if let container = pod[path: "spec", "containers"]?[0]?["name"]?.stringValue {
            query.append(("container", container))
        }
        let response = try api.send(HTTPRequest(
            path: Self.podsPath(namespace: namespace) + "/" + QueryString.segment(name) + "/log" + QueryString.encode(query)))
        return String(decoding: response.body, as: UTF8.self)
    }
}

extension JobPods {
    /// Blocks on a watch until none of the job's pods is Pending or Running any more (a pod
    /// that is being deleted still counts until it is gone); false if the deadline passed first.
    /// Finished pods may stay: cleanPodPolicy Running keeps them.
    public func waitUntilStopped(job: String, namespace: String, deadline: Double?) throws -> Bool {
        let watcher = ListWatcher(api: api, collectionPath: Self.podsPath(namespace: namespace),
                                  query: [("labelSelector", Self.selector(job: job))])
        var live = Set<String>()
        var listed = false
        func isLive(_ pod: JSON) -> Bool {
            ["Pending", "Running"].contains(pod[path: "status", "phase"]?.stringValue ?? "Pending")
        }
        let end = try watcher.run(deadline: deadline) { event in
            let key = ListWatcher.key(event.object)
            if event.kind == .deleted || !isLive(event.object) { live.remove(key) } else { live.insert(key) }
            return listed && live.isEmpty ? .stop : .proceed
        } onListed: {
            listed = true
            return live.isEmpty ? .stop : .proceed
        }
        return end == .stopped || live.isEmpty
    }
}
