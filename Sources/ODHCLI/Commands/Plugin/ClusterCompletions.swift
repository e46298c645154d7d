import KubeClient
import MPIJobs
import TrainingJobs

/// The cluster half of shell completion: kubeconfig contexts, and names asked from the API
/// server (namespaces, MPIJobs, jobs of every kind). Completion must never print errors into
/// the user's command line, so any failure offers nothing.
struct ClusterCompletions: CompletionValues {
    let environment: [String: String]

    func values(for kind: CompletionKind, flags: [String: String]) -> [String] {
        switch kind {
        case .context:
            let loader = KubeconfigLoader(explicitPath: flags["kubeconfig"], environment: environment)
            do {
                return try loader.load()?.contexts.keys.sorted() ?? []
            } catch {
                return []
            }
        case .namespace, .mpijobName, .jobName:
            do {
                let (api, namespace) = try connect(flags)
                switch kind {
                case .namespace: return try names(api, path: "/api/v1/namespaces")
                case .mpijobName: return try names(api, path: MPIJobClient.collectionPath(namespace: namespace))
                default:
                    let kinds = try ServedResources.discover(api: api).kinds()
                    let jobs = JobLister(api: api).list(kinds, namespace: namespace, labelSelector: nil).flatMap {
                        listing in
                        // A kind this user may not list offers nothing; the others still complete.
                        guard case .success(let jobs) = listing.result else { return [TrainingJob]() }
                        return jobs
                    }
                    // Bare names (what most people type) and KIND/NAME (what a shared name needs).
                    var names: [String] = []
                    for name in jobs.map(\.name) where !names.contains(name) { names.append(name) }
                    return names + jobs.map(\.reference)
                }
            } catch {
                return []
            }
        case .none, .file, .choices:
            return []
        }
    }

    /// A quick client for the context the typed flags select: short timeout, no retries.
    func connect(_ flags: [String: String]) throws -> (KubeAPI, String) {
        var overrides = ConfigOverrides()
        overrides.kubeconfigPath = flags["kubeconfig"]
        overrides.context = flags["context"]
        overrides.namespace = flags["namespace"]
        overrides.requestTimeout = 5
        var context = try ContextResolver.resolve(overrides: overrides, environment: environment)
        if context.exec != nil { context = try ExecCredentialRunner.apply(to: context, environment: environment) }
        return (try KubeAPI(context: context, retry: .none), context.namespace)
    }

    func names(_ api: KubeAPI, path: String) throws(ClientError) -> [String] {
        var collector = NameCollector()
        _ = try api.list(path, into: &collector)
        return collector.names
    }
}
