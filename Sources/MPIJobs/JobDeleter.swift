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

/// Deletes MPIJobs and, when asked, waits on watches until the job and its pods are gone.
public struct JobDeleter {
    public let api: KubeAPI

    public init(api: KubeAPI) {
        self.api = api
    }

    public func delete(name: String, namespace: String, cascade: Cascade, force: Bool) throws(MPIJobError) {
        var options = JSONObject([("kind", "DeleteOptions"), ("apiVersion", "v1"),
                                  ("propagationPolicy", .string(cascade.policy))])
        if force { options["gracePeriodSeconds"] = 0 }
        do {
            _ = try api.delete(MPIJobClient.objectPath(namespace: namespace, name: name), body: .object(options))
        } catch {
            throw MPIJobClient(api: api).translate(error, name: name, namespace: namespace)
        }
    }

    /// Returns false if the deadline passed first.
    public func waitUntilGone(name: String, namespace: String, includePods: Bool, deadline: Double?) throws -> Bool {
        let jobWatcher = ListWatcher(
            api: api, collectionPath: MPIJobClient.collectionPath(namespace: namespace),
            query: [("fieldSelector", "metadata.name=\(name)")])
        if try untilEmpty(jobWatcher, deadline: deadline) == false { return false }
        guard includePods else { return true }
        let podWatcher = ListWatcher(
            api: api, collectionPath: JobPods.podsPath(namespace: namespace),
            query: [("labelSelector", JobPods.selector(job: name))])
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
