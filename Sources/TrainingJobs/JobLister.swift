import KubeClient

/// One kind's list: its jobs, or why they could not be read (a 403 for one kind leaves the others).
public struct KindListing: Sendable {
    public let kind: any TrainingJobKind
    public let result: Result<[TrainingJob], ClientError>

    /// The server refused (RBAC): the kind exists, this user may not list it here.
    public var forbidden: APIStatus? {
        if case .failure(.api(let status)) = result, status.code == 403 { return status }
        return nil
    }
}

/// Lists jobs of several kinds at once: one paged list per kind (the same requests as `mpijob
/// list`), every kind in flight at the same time, never one request per namespace.
public struct JobLister {
    public let api: KubeAPI

    public init(api: KubeAPI) {
        self.api = api
    }

    /// `namespace` nil: all namespaces.
    public func list(_ kinds: [any TrainingJobKind], namespace: String?, labelSelector: String?) -> [KindListing] {
        var query: [(String, String)] = []
        if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
        let parameters = query
        let results = api.inParallel(kinds.map { KindBox(kind: $0) }) { box, api throws(ClientError) in
            try Self.list(box.kind, api: api, namespace: namespace, query: parameters)
        }
        return zip(kinds, results).map { KindListing(kind: $0.0, result: $0.1) }
    }

    static func list(_ kind: any TrainingJobKind, api: KubeAPI, namespace: String?, query: [(String, String)])
        throws(ClientError) -> [TrainingJob]
    {
        try api.listItems(kind.resource.collectionPath(namespace: namespace), query: query,
                          expectKind: kind.resource.listKind).map { TrainingJob(kind: kind, object: $0) }
    }
}

/// Carries an existential kind across threads.
struct KindBox: Sendable {
    let kind: any TrainingJobKind
}
