import KubeClient
import MPIJobs

/// What `create` and `rerun` share once they hold their manifests: the output, dry-run and
/// wait flags, validation with the operator's rules, pre-flight (RBAC, quota, Kueue queue),
/// the POST, its output, and waiting for the outcome. One pipeline, so a rerun is checked
/// exactly as a create is.
struct JobSubmission {
    static let formats: [OutputFormat] = [.table, .json, .yaml, .name]

    enum DryRun: String { case none, client, server }

    var dryRun: DryRun
    var format: OutputFormat
    var wait: Bool
    var follow: Bool
    var timeout: Double?
    /// What to suggest when the name is taken (rerun names its own way out).
    var clashHint: String?
    /// The jobs were built from flags: a refusal's fix names flags, not manifest fields.
    var fromFlags = false

    static let options: [OptionSpec] = [
        OptionSpec(long: "dry-run", kind: .optionalValue(defaultValue: "client"), valueName: "MODE",
                   help: "client: print, send nothing; server: let the API server check (?dryRun=All)",
                   completion: .choices(["none", "client", "server"]), defaultValue: "none"),
        SharedOptions.output(formats),
        OptionSpec(long: "wait", kind: .flag, help: "wait for the job to end: exit 0 Succeeded, 3 Failed, 5 timeout"),
        OptionSpec(long: "follow", kind: .flag, help: "with --wait: stream the launcher's log while waiting"),
        SharedOptions.timeout,
    ]

    init(parsed: ParsedArguments) throws(UsageError) {
        format = try OutputFormat.parse(parsed.string("output"), allowed: Self.formats)
        wait = try parsed.flag("wait")
        follow = try parsed.flag("follow")
        timeout = try SharedOptions.parseTimeout(parsed)
        let mode = try parsed.choice("dry-run", in: ["none", "client", "server"]) ?? "none"
        dryRun = DryRun(rawValue: mode) ?? .none
        if timeout != nil && !wait { throw UsageError("--timeout goes with --wait") }
        if wait && dryRun != .none { throw UsageError("--wait cannot wait for a dry run") }
        if follow && !wait { throw UsageError("--follow goes with --wait", hint: "add --wait") }
    }

    enum Checked {
        case success([ManifestDocument])
        case failure(ExitCode)
    }

    /// Every job is checked before any is sent: one bad document stops them all.
    func validate(_ documents: [ManifestDocument], namespace: String?, explicitNamespace: String?,
                  session: Session, hint: String) -> Checked {
        var documents = documents
        var invalid = false
        for index in documents.indices {
            var object = documents[index].object
            let name = object[path: "metadata", "name"]?.stringValue
                ?? object[path: "metadata", "generateName"]?.stringValue.map { "\($0)…" } ?? "(no name)"
            let label = "\(documents[index].origin): mpijob \"\(name)\""
            let kind = object["kind"]?.stringValue ?? ""
            if kind != MPIJob.kind {
                session.printError(ErrorReport(
                    code: .usage,
                    message: "\(documents[index].origin): \(kind.isEmpty ? "an object without kind" : "a \(kind)") is not an MPIJob; nothing was sent",
                    hint: "this command creates MPIJobs only; use kubectl for other objects"))
                invalid = true
                continue
            }
            // Namespace: the file's wins unless -n names another, which kubectl refuses too.
            if let fileNamespace = object[path: "metadata", "namespace"]?.stringValue, !fileNamespace.isEmpty {
                if let explicitNamespace, explicitNamespace != fileNamespace {
                    session.printError(ErrorReport(
                        code: .usage,
                        message: "\(label): the namespace in the file (\"\(fileNamespace)\") does not match --namespace \"\(explicitNamespace)\"",
                        hint: "drop -n, or change metadata.namespace in the file"))
                    invalid = true
                    continue
                }
            } else if let namespace {
                object.set(.string(namespace), at: ["metadata", "namespace"])
            }
            let issues = MPIJobValidator.validate(object)
            if !issues.isEmpty {
                Self.printIssues(issues, for: label, session: session, hint: hint)
                invalid = true
            }
            documents[index].object = object
        }
        return invalid ? .failure(.usage) : .success(documents)
    }

    static func printIssues(_ issues: [ValidationIssue], for label: String, session: Session, hint: String) {
        session.printError(ErrorReport(
            code: .usage,
            message: "\(label) is invalid; nothing was sent:\n" + issues.map { "  - \($0.description)" }.joined(separator: "\n"),
            hint: hint))
    }

    /// Sends the checked jobs (or prints them for a client dry run) and waits when asked.
    func send(_ jobs: [ManifestDocument], namespace: String?, session: Session) throws -> ExitCode {
        if dryRun == .client {
            return try printDryRun(jobs.map(\.object), session: session)
        }
        let api = try session.api()
        var code = ExitCode.success
        for document in jobs {
            let job = MPIJob(document.object)
            let jobNamespace = job.namespace.isEmpty ? (namespace ?? "default") : job.namespace
            let (result, created) = try submit(document.object, namespace: jobNamespace, api: api, session: session)
            code = code.combined(with: result)
            guard result == .success, wait, let name = created else { continue }
            code = code.combined(with: try waitFor(name, namespace: jobNamespace, api: api, session: session))
        }
        return code
    }
}
