import KubeClient
import MPIJobs
import TrainingJobs

/// `jobs delete KIND/NAME|NAME...`: asks first on a terminal; `--wait` returns once the jobs
/// and their pods are gone.
struct JobsDeleteCommand: CLICommand {
    static let spec = CommandSpec(
        name: "delete", aliases: ["rm"], summary: "Delete training jobs by KIND/NAME or NAME (asks first on a terminal)",
        usage: ["KIND/NAME|NAME... [-y] [--wait [--timeout D]] [--cascade background|foreground|orphan] [--force]"],
        options: DeleteFlags.specs,
        positionals: [PositionalSpec(name: "NAME", help: JobsOptions.nameHelp, repeating: true, completion: .jobName)],
        examples: [
            "kubectl odh jobs delete pytorchjob/mnist",
            "kubectl odh jobs delete trainjob/llm-finetune --yes --wait",
        ])

    var references: [JobReference]
    var yes: Bool
    var wait: Bool
    var timeout: Double?
    var cascade: Cascade
    var force: Bool

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        guard !parsed.positionals.isEmpty else {
            throw UsageError("delete needs at least one job: KIND/NAME or NAME")
        }
        if globals.allNamespaces { throw UsageError("delete works in one namespace; -A does not apply") }
        references = try JobsOptions.parseReferences(parsed.positionals)
        let flags = try DeleteFlags(parsed)
        (yes, wait, timeout, cascade, force) = (flags.yes, flags.wait, flags.timeout, flags.cascade, flags.force)
        try flags.validate()
    }

    func run(_ session: Session) throws -> ExitCode {
        let namespace = try session.namespace
        let api = try session.api()
        let locator = JobLocator(api: api, served: try session.servedResources().kinds())
        var code = ExitCode.success
        // Every name is resolved first: an ambiguous or missing one deletes nothing by mistake.
        var targets: [TrainingJob] = []
        for reference in references {
            do {
                targets.append(try locator.find(reference, namespace: namespace))
            } catch {
                code = code.combined(with: session.report(error, namespace: namespace, resource: "training jobs"))
            }
        }
        guard !targets.isEmpty else { return code }
        if !yes && session.stdinIsTerminal {
            let question = targets.count == 1
                ? "Delete \(targets[0].kind.kind.lowercased()) \(targets[0].name) in namespace \(namespace)?"
                : "Delete \(targets.count) jobs in namespace \(namespace) (\(targets.map(\.reference).joined(separator: ", ")))?"
            guard try Prompt.confirm(question, output: session.stderr) else {
                try session.stderr.line("Nothing deleted.")
                return code
            }
        }
        let deleter = JobDeleter(api: api)
        var deleted: [TrainingJob] = []
        for job in targets {
            do {
                try deleter.delete(path: job.kind.resource.objectPath(namespace: namespace, name: job.name),
                                   cascade: cascade, force: force)
                try session.stdout.line("\(job.kind.resource.objectName) \"\(job.name)\" deleted")
                try session.stdout.flush()
                deleted.append(job)
            } catch {
                code = code.combined(with: session.report(error, namespace: namespace,
                                                          resource: job.kind.resource.qualified))
            }
        }
        guard wait else { return code }
        let deadline = timeout.map { Monotonic.now() + $0 }
        for job in deleted {
            let gone = try deleter.waitUntilGone(
                collectionPath: job.kind.resource.collectionPath(namespace: namespace), name: job.name,
                podSelector: cascade == .orphan ? nil : job.kind.podSelector(job: job.name, role: nil),
                namespace: namespace, deadline: deadline)
            if !gone {
                session.printError(ErrorReport(
                    code: .timedOut, message: "timed out waiting for \(job.reference) and its pods to go away"))
                return code.combined(with: .timedOut)
            }
        }
        return code
    }
}
