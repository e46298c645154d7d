import KubeClient
import MPIJobs
import TrainingJobs

/// `jobs describe KIND/NAME|NAME...`: a job of any kind with its replicas, condition timeline,
/// pods (found by its operator's labels), events, and its kind's diagnosis where there is one.
struct JobsDescribeCommand: CLICommand {
    static let formats: [OutputFormat] = [.json, .yaml]

    static let spec = CommandSpec(
        name: "describe", summary: "Show a training job's replicas, timeline, pods and events",
        usage: ["KIND/NAME|NAME... [-o json|yaml]"],
        options: [
            OptionSpec(long: "output", short: "o", kind: .value, valueName: "FORMAT",
                       help: "json|yaml: the same facts as a document (kind TrainingJobDescription) for scripts",
                       completion: .choices(formats.map(\.rawValue))),
        ],
        positionals: [PositionalSpec(name: "NAME", help: JobsOptions.nameHelp, repeating: true, completion: .jobName)],
        examples: [
            "kubectl odh jobs describe pytorchjob/mnist",
            "kubectl odh jobs describe trainjob/llm-finetune -o json | jq '.pods[] | {name, phase, reason}'",
        ])

    var references: [JobReference]
    var format: OutputFormat?

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        guard !parsed.positionals.isEmpty else {
            throw UsageError("describe needs a job: KIND/NAME or NAME", hint: "to see every job use 'jobs list'")
        }
        if globals.allNamespaces {
            throw UsageError("describe takes names in one namespace; -A does not apply", hint: "use -n NAMESPACE")
        }
        references = try JobsOptions.parseReferences(parsed.positionals)
        if let raw = parsed.string("output"), !raw.isEmpty {
            format = try OutputFormat.parse(raw, allowed: Self.formats)
        }
    }

    func run(_ session: Session) throws -> ExitCode {
        let namespace = try session.namespace
        let api = try session.api()
        let locator = JobLocator(api: api, served: try session.servedResources().kinds())
        let describer = TrainingJobDescriber(api: api)
        var descriptions: [TrainingJobDescription] = []
        var code = ExitCode.success
        for reference in references {
            do {
                descriptions.append(try describer.describe(try locator.find(reference, namespace: namespace)))
            } catch {
                code = code.combined(with: session.report(error, namespace: namespace, resource: "training jobs"))
                if case TrainingJobError.noKindsServed = error { return code }
            }
        }
        for description in descriptions {
            if let reason = description.eventsUnavailable {
                session.warn("cannot list events for \(description.job.reference): \(reason)")
            }
        }
        if let format {
            let documents = descriptions.map(TrainingJobDescribeDocument.document)
            guard !documents.isEmpty else { return code }
            let document = documents.count == 1 ? documents[0] : ObjectPrinter.listDocument(documents)
            try session.stdout.write(bytes: ObjectPrinter(format: format, resourceName: "").renderDocument(document))
            return code
        }
        let view = DescribeView(color: session.colorStdout)
        for (i, description) in descriptions.enumerated() {
            if i > 0 { try session.stdout.write("\n\n") }
            try session.stdout.write(view.render(description))
        }
        return code
    }
}
