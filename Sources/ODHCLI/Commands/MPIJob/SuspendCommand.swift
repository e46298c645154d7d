import MPIJobs

/// `mpijob suspend NAME... | -l SELECTOR | --all`
struct SuspendCommand: CLICommand {
    static let spec = SuspendResume.spec(.suspend)
    let runner: SuspendResume

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        runner = try SuspendResume(.suspend, parsed: parsed, globals: globals)
    }

    func run(_ session: Session) throws -> ExitCode { try runner.run(session) }
}
