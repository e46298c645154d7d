import KubeClient

/// Why a training-job operation failed, in terms the CLI can explain.
public enum TrainingJobError: Error, Sendable {
    /// `kind` nil: no served kind has a job of that name (`searched` lists the kinds asked).
    case notFound(kind: String?, name: String, namespace: String, searched: [String])
    /// A bare NAME that more than one kind uses; `matches` are `kind/name` references.
    case ambiguous(name: String, namespace: String, matches: [String])
    /// The kind was named, but the cluster does not serve it.
    case kindNotServed(JobResource, operatorName: String)
    /// None of the kinds is served: no operator is installed.
    case noKindsServed
    case client(ClientError)
}
