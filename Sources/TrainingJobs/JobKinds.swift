import KubeClient
import MPIJobs

/// Every training-job kind this tool knows, in the order lists show them (kubectl's order for
/// `kubectl get mpijobs,pytorchjobs,...`).
public enum JobKinds {
    public static let all: [any TrainingJobKind] = [
        MPIJobKind(), KubeflowV1Kind.pytorch, KubeflowV1Kind.tensorflow, KubeflowV1Kind.xgboost,
        KubeflowV1Kind.paddle, KubeflowV1Kind.jax, TrainJobKind(),
    ]

    /// The kind a person typed (`pytorchjob`, `PyTorchJobs`, `tfjob.kubeflow.org`), if any.
    public static func named(_ typed: String) -> (any TrainingJobKind)? {
        all.first { $0.matches(typed) }
    }

    /// Every accepted spelling, for suggestions and help.
    public static var kindNames: [String] { all.map { $0.kind.lowercased() } }
}

/// `KIND/NAME` or a bare `NAME`, as typed.
public struct JobReference: Sendable, Equatable {
    /// nil: any kind that has a job of this name.
    public var kind: String?
    public var name: String

    public init(kind: String?, name: String) {
        self.kind = kind
        self.name = name
    }

    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case empty(String)
        case unknownKind(String)

        public var description: String {
            switch self {
            case .empty(let text): return "\"\(text)\" names no job: use NAME or KIND/NAME"
            case .unknownKind(let kind):
                return "unknown job kind \"\(kind)\": use one of \(JobKinds.kindNames.joined(separator: ", "))"
            }
        }
    }

    /// Reads `pytorchjob/mnist`, `pytorchjobs.kubeflow.org/mnist` or `mnist`.
    public static func parse(_ text: String) throws(ParseError) -> (reference: JobReference, kind: (any TrainingJobKind)?) {
        guard let slash = text.firstIndex(of: "/") else {
            guard !text.isEmpty else { throw .empty(text) }
            return (JobReference(kind: nil, name: text), nil)
        }
        let kindText = String(text[..<slash])
        let name = String(text[text.index(after: slash)...])
        guard !kindText.isEmpty, !name.isEmpty, !name.contains("/") else { throw .empty(text) }
        guard let kind = JobKinds.named(kindText) else {
            throw .unknownKind(kindText)
        }
        return (JobReference(kind: kind.kind, name: name), kind)
    }
}
