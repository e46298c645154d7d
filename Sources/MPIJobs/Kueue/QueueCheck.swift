import KubeClient

/// Pre-flight for a job with a queue-name label: Kueue's webhook accepts any queue name, and a
/// name that matches no LocalQueue leaves the job suspended forever ("LocalQueue X doesn't
/// exist"), so a typo is refused before anything is created.
public enum QueueCheck {
    public enum Result: Sendable, Equatable {
        /// The LocalQueue exists, or there is nothing to check (no label, no Kueue).
        case fine
        /// No such LocalQueue; `available` lists the namespace's (nil when they cannot be listed).
        case missing(available: [String]?)
        /// The check could not be made (the LocalQueue may not be read): the create goes ahead.
        case unknown(String)
    }

    public static func check(api: KubeAPI, job: JSON, namespace: String) throws(ClientError) -> Result {
        guard let queue = MPIJob(job).queueName, let kueue = try KueueAPI.discover(api) else { return .fine }
        let client = KueueClient(api: api, kueue: kueue)
        do {
            if try client.localQueue(name: queue, namespace: namespace) != nil { return .fine }
        } catch {
            guard case .api(let status) = error, status.code == 403 else { throw error }
            return .unknown(status.message)
        }
        do {
            return .missing(available: try client.localQueues(namespace: namespace).map(\.name).sorted())
        } catch {
            guard case .api(let status) = error, status.code == 403 else { throw error }
            return .missing(available: nil)
        }
    }
}
