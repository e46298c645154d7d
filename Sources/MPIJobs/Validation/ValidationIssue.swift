/// One broken rule: where (`spec.mpiReplicaSpecs[Worker].replicas`, in Kubernetes'
/// field-path notation, or a flag such as `--workers`) and what is wrong with the value.
/// The flag-value parsers throw it too, so one type reaches the CLI's error printer.
public struct ValidationIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}
