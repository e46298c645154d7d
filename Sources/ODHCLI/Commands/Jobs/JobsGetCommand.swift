import KubeClient
import MPIJobs
import TrainingJobs

/// `jobs get KIND/NAME... | NAME...`: the named jobs; a missing or ambiguous one is reported
/// and the rest still shown.
struct JobsGetCommand: CLICommand {
    static let formats: [OutputFormat] = [.table, .wide, .json, .yaml, .name]

    static let spec = CommandSpec(
        name: "get", summary: "Show training jobs by KIND/NAME or NAME",
        usage: ["KIND/NAME|NAME... [-o FORMAT]"],
        options: [SharedOptions.output(formats), SharedOptions.noHeaders],
        positionals: [PositionalSpec(name: "NAME", help: JobsOptions.nameHelp, repeating: true, completion: .jobName)],
        examples: [
            "kubectl odh jobs get pytorchjob/mnist",
            "kubectl odh jobs get mnist -o yaml",
            "kubectl odh jobs get trainjob/llm-finetune -o json | jq -r '.status.conditions[-1].type'",
        ])

    var references: [JobReference]
    var format: OutputFormat
    var noHeaders: Bool

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        guard !parsed.positionals.isEmpty else {
            throw UsageError("get needs at least one job: KIND/NAME or NAME", hint: "to see every job use 'jobs list'")
        }
        if globals.allNamespaces {
            throw UsageError("get takes names in one namespace; -A does not apply", hint: "use 'jobs list -A'")
        }
        references = try JobsOptions.parseReferences(parsed.positionals)
        format = try OutputFormat.parse(parsed.string("output"), allowed: Self.formats)
        noHeaders = try parsed.flag("no-headers")
    }

    func run(_ session: Session) throws -> ExitCode {
        let namespace = try session.namespace
        let locator = JobLocator(api: try session.api(), served: try session.servedResources().kinds())
        var found: [TrainingJob] = []
        var code = ExitCode.success
        for reference in references {
            do {
                found.append(try locator.find(reference, namespace: namespace))
            } catch {
                code = code.combined(with: session.report(error, namespace: namespace, resource: "training jobs"))
                if case .noKindsServed = error { return code }
            }
        }
        try JobsOutput(session: session, format: format, noHeaders: noHeaders).print(
            found, asList: references.count > 1, withNamespace: false, emptyNamespace: namespace)
        return code
    }
}
