import KubeClient

/// The tool's own version and commit (stamped at build time, see `BuildInfo`); printed as
/// JSON for scripts that check compatibility.
struct VersionCommand: CLICommand {
    static let spec = CommandSpec(
        name: "version", summary: "Print the version and commit of kubectl-odh",
        usage: ["[-o json]"],
        options: [SharedOptions.output([.table, .json, .yaml])])

    var format: OutputFormat

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        guard parsed.positionals.isEmpty else { throw UsageError("version takes no arguments") }
        format = try OutputFormat.parse(parsed.string("output"), allowed: [.table, .json, .yaml])
    }

    func run(_ session: Session) throws -> ExitCode {
        #if arch(x86_64)
        let arch = "amd64"
        #elseif arch(arm64)
        let arch = "arm64"
        #else
        let arch = "unknown"
        #endif
        let build = BuildInfo.current
        let info: JSON = [
            "clientVersion": [
                "version": .string(build.version),
                "gitCommit": .string(build.commit),
                "mpiJobAPI": .string("kubeflow.org/v2beta1"),
                "platform": .string("linux/\(arch)"),
            ],
        ]
        switch format {
        case .json, .yaml:
            try session.stdout.write(bytes: ObjectPrinter(format: format, resourceName: "").renderDocument(info))
        default:
            try session.stdout.line(
                "kubectl-odh version \(build.version) (commit \(build.commit), MPIJob API kubeflow.org/v2beta1, linux/\(arch))")
        }
        return .success
    }
}
