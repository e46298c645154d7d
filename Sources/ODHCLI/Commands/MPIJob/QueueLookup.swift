import KubeClient
import MPIJobs

/// Kueue's view for `list` and `get`. It only refines what the jobs themselves say, so a
/// refusal (403) is a warning and the statuses come from the jobs alone; any other failure
/// is a warning too, but the command then exits 1 (the refinement it promised is missing).
enum QueueLookup {
    static func index(_ session: Session, api: KubeAPI, namespace: String?, jobs: [MPIJob], wide: Bool)
        -> (QueueIndex?, ExitCode)
    {
        do {
            return (try QueueIndex.load(api: api, namespace: namespace, jobs: jobs, withClusterQueues: wide), .success)
        } catch {
            if case .api(let status) = error, status.code == 403 {
                session.warn("cannot read Kueue's Workloads (\(status.message)): statuses come from the jobs alone")
                return (nil, .success)
            }
            if case .transport(let transport) = error, transport.kind == .interrupted { return (nil, .interrupted) }
            session.warn("cannot read Kueue's Workloads: \(error.description); statuses come from the jobs alone")
            return (nil, .failure)
        }
    }
}
