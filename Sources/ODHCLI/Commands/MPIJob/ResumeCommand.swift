import MPIJobs

/// `mpijob resume NAME... | -l SELECTOR | --all`
struct ResumeCommand: CLICommand {
    static let spec = SuspendResume.spec(.resume)
    let runner: SuspendResume

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        runner = try SuspendResume(.resume, parsed: parsed, globals: globals)
    }

    func run(_ session: Session) throws -> ExitCode { try runner.run(session) }
}
