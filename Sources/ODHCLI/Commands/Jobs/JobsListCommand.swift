import KubeClient
import MPIJobs
import TrainingJobs

/// `jobs list`: every training job of every kind the cluster serves, in one table. Each kind
/// is listed once (all kinds at the same time); a kind the cluster does not serve is skipped,
/// one this user may not list is named on stderr and the rest still shown.
struct JobsListCommand: CLICommand {
    static let formats: [OutputFormat] = [.table, .wide, .json, .yaml, .name]

    static let spec = CommandSpec(
        name: "list", aliases: ["ls"], summary: "List training jobs of every kind with their status",
        usage: ["[-A] [-l SELECTOR] [--status S,...] [--kind KIND,...] [-o FORMAT]"],
        description: """
            Kinds: MPIJob (kubeflow.org/v2beta1), PyTorchJob, TFJob, XGBoostJob, PaddleJob, JAXJob
            (kubeflow.org/v1) and TrainJob (trainer.kubeflow.org/v1alpha1). Kinds the cluster does not
            serve are skipped; a kind you may not list is named on stderr and the others are shown
            (exit 6 only when nothing could be listed).
            """,
        options: [SharedOptions.selector, SharedOptions.status, JobsOptions.kind, SharedOptions.output(formats),
                  SharedOptions.noHeaders],
        examples: [
            "kubectl odh jobs list -A",
            "kubectl odh jobs list --kind pytorchjob,trainjob --status Running,Failed -o wide",
            "kubectl odh jobs list -A -o json | jq -r '.items[] | \"\\(.kind)/\\(.metadata.name)\"'",
        ])

    var selector: String?
    var statuses: [JobPhase]
    var kinds: [any TrainingJobKind]?
    var format: OutputFormat
    var noHeaders: Bool
    var allNamespaces: Bool

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        guard parsed.positionals.isEmpty else {
            throw UsageError("list takes no arguments (got \"\(parsed.positionals[0])\")",
                             hint: "to show one job use 'jobs get \(parsed.positionals[0])'")
        }
        selector = parsed.string("selector")
        statuses = try SharedOptions.parseStatuses(parsed)
        kinds = try JobsOptions.parseKinds(parsed)
        format = try OutputFormat.parse(parsed.string("output"), allowed: Self.formats)
        noHeaders = try parsed.flag("no-headers")
        allNamespaces = globals.allNamespaces
    }

    func run(_ session: Session) throws -> ExitCode {
        let namespace: String? = allNamespaces ? nil : try session.namespace
        let kinds = try JobsOptions.servedKinds(session, wanted: self.kinds)
        let listings = JobLister(api: try session.api()).list(kinds, namespace: namespace, labelSelector: selector)
        var jobs: [TrainingJob] = []
        var code = ExitCode.success
        var forbidden: [(kind: any TrainingJobKind, status: APIStatus)] = []
        var listed = 0
        for listing in listings {
            switch listing.result {
            case .success(let found):
                listed += 1
                jobs += statuses.isEmpty ? found : found.filter { statuses.contains($0.phase) }
            case .failure(let error):
                if let status = listing.forbidden {
                    forbidden.append((listing.kind, status))
                } else {
                    code = code.combined(with: session.report(error, namespace: namespace,
                                                              resource: listing.kind.resource.qualified))
                }
            }
        }
        if listed == 0 && !forbidden.isEmpty && code == .success {
            session.printError(Self.nothingListable(forbidden, namespace: namespace))
            return .notAllowed
        }
        for (kind, status) in forbidden {
            session.warn("\(status.message.isEmpty ? "\(kind.resource.qualified) is forbidden" : status.message);"
                         + " those jobs are not shown")
        }
        if listed == 0 { return code }
        try JobsOutput(session: session, format: format, noHeaders: noHeaders).print(
            jobs, asList: true, withNamespace: allNamespaces, emptyNamespace: namespace)
        return code
    }

    /// Every kind refused: one error naming them all.
    static func nothingListable(_ forbidden: [(kind: any TrainingJobKind, status: APIStatus)], namespace: String?)
        -> ErrorReport
    {
        let names = forbidden.map(\.kind.resource.qualified).joined(separator: ", ")
        let scope = namespace.map { "in namespace \"\($0)\"" } ?? "across all namespaces"
        let detail = forbidden.first.map { " (\($0.status.message))" } ?? ""
        return ErrorReport(
            code: .notAllowed, message: "you may not list training jobs \(scope): \(names) forbidden\(detail)",
            hint: namespace == nil ? "list one namespace you have access to: -n NAMESPACE"
                : "ask a namespace admin for read access to the training-job kinds in \"\(namespace ?? "")\"")
    }
}
