import KubeClient
import MPIJobs
import TrainingJobs

/// The stable exit codes of DESIGN §5. Scripts branch on these: never renumber.
public enum ExitCode: Int32, Sendable, CaseIterable {
    case success = 0
    case failure = 1
    case usage = 2
    case jobFailed = 3
    case notFound = 4
    case timedOut = 5
    case notAllowed = 6
    case conflict = 7
    case refused = 8
    case interrupted = 130

    /// Commands over several objects report the most specific code they met: any code
    /// beats success, any specific code beats the generic 1, and otherwise the higher wins.
    func combined(with other: ExitCode) -> ExitCode {
        if self == .success { return other }
        if other == .success { return self }
        if self == .failure { return other }
        if other == .failure { return self }
        return rawValue >= other.rawValue ? self : other
    }
}

/// An error as the user sees it: one `error:` line, maybe a `hint:`, and its exit code.
struct ErrorReport: Error, Sendable {
    var code: ExitCode
    var message: String
    var hint: String?

    init(code: ExitCode, message: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
    }
}

/// The one place where every error becomes an exit code and a message.
enum ErrorMapping {
    static func report(_ error: any Error, context: ErrorContext = ErrorContext()) -> ErrorReport {
        switch error {
        case let report as ErrorReport:
            return report
        case let usage as UsageError:
            return ErrorReport(code: .usage, message: usage.message, hint: usage.hint)
        case let job as MPIJobError:
            return report(job, context: context)
        case let job as TrainingJobError:
            return report(job, context: context)
        case let client as ClientError:
            return report(client, context: context)
        case let config as KubeconfigError:
            return report(config)
        case let transport as TransportError:
            return report(ClientError.transport(transport), context: context)
        case let file as FileError:
            return ErrorReport(code: file.notFound ? .notFound : .failure, message: "cannot read \(file.description)")
        case is OutputClosed:
            return ErrorReport(code: .success, message: "")
        default:
            return ErrorReport(code: .failure, message: "internal error: \(error)")
        }
    }

    static func report(_ error: MPIJobError, context: ErrorContext) -> ErrorReport {
        switch error {
        case .notFound(let name, let namespace):
            return ErrorReport(code: .notFound, message: "mpijob \"\(name)\" not found in namespace \"\(namespace)\"")
        case .crdMissing(let versions):
            let served = versions.isEmpty
                ? "the cluster does not serve \(MPIJob.resource)"
                : "the cluster serves \(MPIJob.resource) only as \(versions.joined(separator: ", ")) (the training-operator's v1 API), not \(MPIJob.version)"
            return ErrorReport(
                code: .notFound,
                message: "\(served): the CustomResourceDefinition \(MPIJob.resource) (\(MPIJob.apiVersion)) is not installed",
                hint: "install the mpi-operator: kubectl apply --server-side -f https://raw.githubusercontent.com/kubeflow/mpi-operator/v0.8.0/deploy/v2beta1/mpi-operator.yaml")
        case .client(let client):
            return report(client, context: context)
        }
    }

    static func report(_ error: TrainingJobError, context: ErrorContext) -> ErrorReport {
        switch error {
        case .notFound(let kind?, let name, let namespace, _):
            return ErrorReport(code: .notFound,
                               message: "\(kind.lowercased()) \"\(name)\" not found in namespace \"\(namespace)\"")
        case .notFound(nil, let name, let namespace, let searched):
            return ErrorReport(
                code: .notFound,
                message: "no training job named \"\(name)\" in namespace \"\(namespace)\" (looked in \(searched.joined(separator: ", ")))",
                hint: "see the jobs there: kubectl odh jobs list -n \(namespace)")
        case .ambiguous(let name, let namespace, let matches):
            return ErrorReport(
                code: .usage,
                message: "\"\(name)\" names \(matches.count) jobs in namespace \"\(namespace)\": \(matches.joined(separator: ", "))",
                hint: "say which one as KIND/NAME, e.g. \(matches[0])")
        case .kindNotServed(let resource, let operatorName):
            return ErrorReport(
                code: .notFound,
                message: "the cluster does not serve \(resource.qualified) (\(resource.apiVersion)): \(operatorName) is not installed")
        case .noKindsServed:
            return ErrorReport(
                code: .notFound,
                message: "the cluster serves none of the training-job kinds (\(JobKinds.all.map(\.resource.qualified).joined(separator: ", ")))",
                hint: "install a training operator (mpi-operator, the Kubeflow training-operator or Trainer)")
        case .client(let client):
            return report(client, context: context)
        }
    }

    static func report(_ error: ClientError, context: ErrorContext) -> ErrorReport {
        switch error {
        case .api(let status):
            return report(status, context: context)
        case .transport(let transport):
            switch transport.kind {
            case .interrupted: return ErrorReport(code: .interrupted, message: "interrupted")
            case .timedOut:
                return ErrorReport(code: .failure, message: transport.message,
                                   hint: "raise --request-timeout, or check the network to the API server")
            case .tls:
                return ErrorReport(code: .failure, message: transport.message,
                                   hint: "check certificate-authority in the kubeconfig (or tls-server-name)")
            case .couldNotConnect:
                return ErrorReport(code: .failure, message: transport.message,
                                   hint: "is the cluster reachable? check the server in your kubeconfig context")
            default:
                return ErrorReport(code: .failure, message: transport.message)
            }
        case .malformedResponse(let message):
            return ErrorReport(code: .failure, message: message)
        case .config(let config):
            return report(config)
        }
    }

    static func report(_ error: KubeconfigError) -> ErrorReport {
        let code: ExitCode
        switch error.kind {
        case .notFound: code = .notFound
        case .invalid: code = .usage
        case .missing: code = .failure
        case .credentials: code = .notAllowed
        }
        return ErrorReport(code: code, message: error.message, hint: error.hint)
    }

    static func report(_ status: APIStatus, context: ErrorContext) -> ErrorReport {
        var message = status.message.isEmpty ? "the server answered \(status.code) \(status.reason)" : status.message
        if !status.causes.isEmpty && !status.causes.allSatisfy({ message.contains($0) }) {
            message += " (" + status.causes.joined(separator: "; ") + ")"
        }
        switch status.code {
        case 401:
            return ErrorReport(
                code: .notAllowed, message: "not authenticated to the cluster: \(message)",
                hint: "your credentials were rejected or have expired: log in again (oc login / refresh the token)")
        case 403:
            if message.contains("exceeded quota") || message.contains("quota") && status.reason == "Forbidden"
                && message.contains("limited:")
            {
                return ErrorReport(code: .refused, message: message,
                                   hint: "free quota in the namespace, or ask for fewer resources")
            }
            if status.reason != "Forbidden" || message.contains("admission webhook") || message.contains("denied the request") {
                return ErrorReport(code: .refused, message: message)
            }
            return ErrorReport(code: .notAllowed, message: message,
                               hint: context.namespace.map { "ask a namespace admin for access to \(context.resource) in \"\($0)\"" })
        case 404:
            return ErrorReport(code: .notFound, message: message)
        case 409:
            return ErrorReport(code: .conflict, message: message)
        case 400, 422:
            return ErrorReport(code: .usage, message: message)
        case 410:
            return ErrorReport(code: .failure, message: message)
        case 429:
            return ErrorReport(code: .failure, message: "the API server is overloaded (429 Too Many Requests): \(message)",
                               hint: "retried with backoff and gave up; try again later")
        default:
            return ErrorReport(code: .failure, message: "the API server answered \(status.code): \(message)")
        }
    }
}

/// Facts about what the command was doing, for better hints.
struct ErrorContext: Sendable {
    var namespace: String?
    /// What was being read or changed, for the access hint.
    var resource = "mpijobs"
}
