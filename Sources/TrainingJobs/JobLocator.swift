import KubeClient

/// Finds the job a person named: `KIND/NAME` in its kind, a bare `NAME` in every served kind at
/// once (one GET each, in parallel). A name two kinds use is ambiguous: the caller says which.
public struct JobLocator {
    public let api: KubeAPI
    public let served: [any TrainingJobKind]

    public init(api: KubeAPI, served: [any TrainingJobKind]) {
        self.api = api
        self.served = served
    }

    public func find(_ reference: JobReference, namespace: String) throws(TrainingJobError) -> TrainingJob {
        if let kindName = reference.kind {
            guard let kind = JobKinds.named(kindName) else {
                throw .notFound(kind: kindName, name: reference.name, namespace: namespace, searched: [])
            }
            guard served.contains(where: { $0.kind == kind.kind }) else {
                throw .kindNotServed(kind.resource, operatorName: kind.operatorName)
            }
            let job: TrainingJob?
            do {
                job = try Self.get(kind, name: reference.name, namespace: namespace, api: api)
            } catch {
                throw .client(error)
            }
            guard let job else {
                throw .notFound(kind: kind.kind, name: reference.name, namespace: namespace,
                                searched: [kind.resource.qualified])
            }
            return job
        }
        guard !served.isEmpty else { throw .noKindsServed }
        let name = reference.name
        let results = api.inParallel(served.map { KindBox(kind: $0) }) { box, api throws(ClientError) in
            try Self.get(box.kind, name: name, namespace: namespace, api: api)
        }
        var found: [TrainingJob] = []
        var refusal: ClientError?
        for result in results {
            switch result {
            case .success(let job?): found.append(job)
            case .success(nil): continue
            case .failure(let error):
                // One kind refused (RBAC) still lets the others answer; anything else is fatal.
                guard case .api(let status) = error, status.code == 403 else { throw .client(error) }
                refusal = refusal ?? error
            }
        }
        if found.count > 1 {
            throw .ambiguous(name: name, namespace: namespace, matches: found.map(\.reference))
        }
        if let job = found.first { return job }
        if let refusal { throw .client(refusal) }
        throw .notFound(kind: nil, name: name, namespace: namespace, searched: served.map(\.resource.qualified))
    }

    /// The job, or nil when the server says it does not exist.
    static func get(_ kind: any TrainingJobKind, name: String, namespace: String, api: KubeAPI)
        throws(ClientError) -> TrainingJob?
    {
        do {
            let object = try api.get(kind.resource.objectPath(namespace: namespace, name: name),
                                     expectKind: kind.resource.kind)
            return TrainingJob(kind: kind, object: object)
        } catch {
            if case .api(let status) = error, status.code == 404 { return nil }
            throw error
        }
    }
}
