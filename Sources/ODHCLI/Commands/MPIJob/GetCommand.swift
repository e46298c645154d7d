import KubeClient
import MPIJobs

/// `mpijob get NAME...`: the named jobs; a missing one is reported and the rest still shown.
struct GetCommand: CLICommand {
    static let formats: [OutputFormat] = [.table, .wide, .json, .yaml, .name]

    static let spec = CommandSpec(
        name: "get", summary: "Show one or more MPIJobs by name",
        usage: ["NAME... [-o FORMAT]"],
        options: [SharedOptions.output(formats), SharedOptions.noHeaders],
        positionals: [PositionalSpec(name: "NAME", help: "MPIJob name", repeating: true, completion: .mpijobName)],
        examples: [
            "kubectl odh mpijob get pi",
            "kubectl odh mpijob get pi -o yaml",
            "kubectl odh mpijob get pi -o json | jq -r '.status.conditions[-1].type'",
        ])

    var names: [String]
    var format: OutputFormat
    var noHeaders: Bool

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        guard !parsed.positionals.isEmpty else {
            throw UsageError("get needs at least one MPIJob name", hint: "to see every job use 'mpijob list'")
        }
        if globals.allNamespaces {
            throw UsageError("get takes names in one namespace; -A does not apply", hint: "use 'mpijob list -A'")
        }
        names = parsed.positionals
        format = try OutputFormat.parse(parsed.string("output"), allowed: Self.formats)
        noHeaders = try parsed.flag("no-headers")
    }

    func run(_ session: Session) throws -> ExitCode {
        let namespace = try session.namespace
        let client = try session.mpijobs()
        var found: [MPIJob] = []
        var code = ExitCode.success
        for name in names {
            do {
                found.append(try client.get(name: name, namespace: namespace))
            } catch {
                code = code.combined(with: session.report(error, namespace: namespace))
                // Without the CRD every other name fails the same way: say it once.
                if case .crdMissing = error { return code }
            }
        }
        try JobOutput(session: session, format: format, noHeaders: noHeaders).print(
            found, asList: names.count > 1, withNamespace: false, emptyNamespace: namespace)
        return code
    }
}
