import KubeClient
import MPIJobs

/// An empty list in a namespace that does not exist is a typo, not an empty namespace:
/// kubectl says "No resources found" and exits 0 either way. One extra request, made only
/// when the list came back empty.
extension ListCommand {
    /// The exit code for an empty list in `namespace`: 4 with an error when the namespace does
    /// not exist; nil when it exists, or when the user may not read namespaces or the server does not
    /// serve them (then nobody can tell).
    func missingNamespace(_ namespace: String, api: KubeAPI, session: Session) throws -> ExitCode? {
        do {
            _ = try api.get("/api/v1/namespaces/\(QueryString.segment(namespace))")
            return nil
        } catch {
            guard case .api(let status) = error else { throw error }
            if status.code == 403 { return nil }
            guard status.code == 404 else { throw error }
            // Only a Status about this namespace says it is missing; a bare 404 means the server
            // does not serve namespaces at that path (a proxy, an extension apiserver on its own).
            guard status.isStatusObject, status.detailsKind == "namespaces" else { return nil }
        }
        session.printError(ErrorReport(
            code: .notFound, message: "namespace \"\(namespace)\" not found",
            hint: "list the namespaces you can see with: kubectl get namespaces"))
        return .notFound
    }
}
