import KubeClient

/// The LocalQueues a job in a namespace could be submitted to (`create -i`'s queue step).
public enum LocalQueueListing: Sendable {
    /// The cluster serves no `kueue.x-k8s.io` LocalQueues: Kueue is not installed.
    case notServed
    /// Served: the namespace's queues (maybe none), sorted by name.
    case queues([LocalQueue])
    /// Served, but they could not be listed (not allowed, server error): why.
    case unavailable(String)
}

/// Finds the namespace's LocalQueues in whichever Kueue version the cluster serves
/// (`KueueAPI.discover`: v1beta2, else v1beta1; the fields read are the same in both).
public struct LocalQueueClient {
    public let api: KubeAPI

    public init(api: KubeAPI) {
        self.api = api
    }

    /// Throws only for Ctrl-C; every other failure is a listing the caller can show.
    public func list(namespace: String) throws(ClientError) -> LocalQueueListing {
        let kueue: KueueAPI
        do {
            guard let served = try KueueAPI.discover(api) else { return .notServed }
            kueue = served
        } catch {
            if case .transport(let transport) = error, transport.kind == .interrupted { throw error }
            return .unavailable("discovery of \(KueueAPI.group) failed: \(error.description)")
        }
        do {
            let queues = try KueueClient(api: api, kueue: kueue).localQueues(namespace: namespace)
            return .queues(queues.sorted { $0.name < $1.name })
        } catch {
            if case .transport(let transport) = error, transport.kind == .interrupted { throw error }
            return .unavailable(error.description)
        }
    }
}
