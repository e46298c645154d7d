/// The kubectl command pattern, by hand: `init` takes the parsed options and validates
/// them (nothing touches the network), `run` completes defaults from kubeconfig through
/// the session, does the work and returns the exit code. Only `main` exits.
protocol CLICommand {
    static var spec: CommandSpec { get }
    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError)
    func run(_ session: Session) throws -> ExitCode
}
