import KubeClient

/// How dependents go when a job is deleted (DeleteOptions.propagationPolicy).
public enum Cascade: String, Sendable, CaseIterable {
    case background
    case foreground
    case orphan

    var policy: String {
        switch self {
        case .background: return "Background"
        case .foreground: return "Foreground"
        case .orphan: return "Orphan"
        }
    }
}

/// Deletes jobs and, when asked, waits on watches until the job and its pods are gone.
public struct JobDeleter {
    public let api: KubeAPI

    public init(api: KubeAPI) {
        self.api = api
    }

    public func delete(name: String, namespace: String, cascade: Cascade, force: Bool) throws(MPIJobError) {
        do {
            try delete(path: MPIJobClient.objectPath(namespace: namespace, name: name), cascade: cascade, force: force)
        } catch {
            throw MPIJobClient(api: api).translate(error, name: name, namespace: namespace)
        }
    }

    /// Deletes any object (a job of any kind) with these DeleteOptions.
    public func delete(path: String, cascade: Cascade, force: Bool) throws(ClientError) {
        var options = JSONObject([("kind", "DeleteOptions"), ("apiVersion", "v1"),
                                  ("propagationPolicy", .string(cascade.policy))])
        if force { options["gracePeriodSeconds"] = 0 }
        _ = try api.delete(path, body: .object(options))
    }

    /// Returns false if the deadline passed first.
    public func waitUntilGone(name: String, namespace: String, includePods: Bool, deadline: Double?) throws -> Bool {
        try waitUntilGone(collectionPath: MPIJobClient.collectionPath(namespace: namespace), name: name,
                          podSelector: includePods ? JobPods.selector(job: name) : nil, namespace: namespace,
                          deadline: deadline)
    }

    /// Any job: watches its collection by name, then its pods by `podSelector` (nil: not the pods).
    public func waitUntilGone(collectionPath: String, name: String, podSelector: String?, namespace: String,
                              deadline: Double?) throws -> Bool {
        let jobWatcher = ListWatcher(api: api, collectionPath: collectionPath,
                                     query: [("fieldSelector", "metadata.name=\(name)")])
        if try untilEmpty(jobWatcher, deadline: deadline) == false { return false }
        guard let podSelector else { return true }
        let podWatcher = ListWatcher(api: api, collectionPath: JobPods.podsPath(namespace: namespace),
                                     query: [("labelSelector", podSelector)])
        return try untilEmpty(podWatcher, deadline: deadline)
    }

    private func untilEmpty(_ watcher: ListWatcher, deadline: Double?) throws -> Bool {
        var present = Set<String>()
        let end = try watcher.run(deadline: deadline) { event in
            let key = ListWatcher.key(event.object)
            if event.kind == .deleted {
                present.remove(key)
                return present.isEmpty ? .stop : .proceed
            }
            present.insert(key)
            return .proceed
        } onListed: {
            present.isEmpty ? .stop : .proceed
        }
        if end == .stopped { return true }
        return present.isEmpty
    }
}
