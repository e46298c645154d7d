import KubeClient

/// Checks made before creating a job, so that a job that cannot run is refused before
/// anything exists (the MPIJob CRD has no webhook to refuse it later).
public struct Preflight {
    public let api: KubeAPI

    public init(api: KubeAPI) {
        self.api = api
    }

    public enum Access: Sendable, Equatable {
        case allowed
        case denied(reason: String?)
        /// The review itself could not be made (no permission to ask, old server):
        /// the create request will tell.
        case unknown
    }

    /// SelfSubjectAccessReview: may the current user create MPIJobs in the namespace?
    public func canCreate(namespace: String) throws(ClientError) -> Access {
        let review: JSON = [
            "kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1",
            "spec": ["resourceAttributes": [
                "namespace": .string(namespace), "verb": "create", "group": .string(MPIJob.group),
                "resource": .string(MPIJob.plural),
            ]],
        ]
        let answer: JSON
        do {
            answer = try api.post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", body: review)
        } catch {
            if case .api(let status) = error, [403, 404, 405].contains(status.code) { return .unknown }
            throw error
        }
        guard let allowed = answer[path: "status", "allowed"]?.boolValue else { return .unknown }
        if allowed { return .allowed }
        return .denied(reason: answer[path: "status", "reason"]?.stringValue)
    }

    /// The namespace's ResourceQuotas; nil when the user may not read them.
    public func quotas(namespace: String) throws(ClientError) -> [JSON]? {
        do {
            let list = try api.get("/api/v1/namespaces/\(QueryString.segment(namespace))/resourcequotas")
            return list["items"]?.arrayValue ?? []
        } catch {
            if case .api(let status) = error, status.code == 403 || status.code == 404 { return nil }
            throw error
        }
    }
}

extension Preflight {
    /// Resources (`cpu`, `memory`) that the namespace's Container LimitRanges fill in when a
    /// container leaves them out (LimitRanger admission runs before the quota's); nil when
    /// the user may not read LimitRanges, so nobody can tell.
    public func limitRangeDefaults(namespace: String) throws(ClientError) -> Set<String>? {
        let list: JSON
        do {
            list = try api.get("/api/v1/namespaces/\(QueryString.segment(namespace))/limitranges")
        } catch {
            if case .api(let status) = error, status.code == 403 || status.code == 404 { return nil }
            throw error
        }
        var defaulted: Set<String> = []
        for range in list["items"]?.arrayValue ?? [] {
            for item in range[path: "spec", "limits"]?.arrayValue ?? [] where item["type"]?.stringValue == "Container" {
                for key in ["default", "defaultRequest"] {
                    for (resource, _) in item[key]?.objectValue?.pairs ?? [] { defaulted.insert(resource) }
                }
            }
        }
        return defaulted
    }
}
