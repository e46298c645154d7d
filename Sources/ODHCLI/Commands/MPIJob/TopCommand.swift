import KubeClient
import MPIJobs
import TerminalUI

/// `mpijob top NAME`: a live full-screen view of one job (Top/ has the screen and the
/// loop; docs/top.md the keys and panes). Named after `kubectl top`/`top`, the live view a
/// kubectl user reaches for; off a terminal `describe --watch` prints the same facts.
struct TopCommand: CLICommand {
    static let spec = CommandSpec(
        name: "top", summary: "A live full-screen view of one job: overview, workers, logs, events",
        usage: ["NAME"],
        description: """
            Redrawn whenever the job, its pods or their events change (watches, not polling), with
            the launcher's and workers' logs followed in the Logs pane. Keys: tab or ←/→ switch
            panes (1-4 jump), ↑/↓ select a pod or scroll, l or Enter follows the selected pod's log,
            a all pods' logs, q quits. When the job ends it says so and stays until q. Needs a
            terminal; elsewhere use 'describe NAME --watch'.
            """,
        positionals: [PositionalSpec(name: "NAME", help: "MPIJob name", completion: .mpijobName)],
        examples: ["kubectl odh mpijob top pi -n team-a"])

    static let offTerminalHint = "off a terminal, 'kubectl odh mpijob describe NAME --watch' shows the same facts as they change"

    var name: String

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        name = try SharedOptions.singleJobName(parsed, globals: globals, verb: "top",
                                               hint: "to watch every job use 'mpijob list --watch'")
    }

    func run(_ session: Session) throws -> ExitCode {
        guard session.stdinIsTerminal, session.stdout.isTerminal else {
            throw UsageError("top draws a full-screen view and needs a terminal; stdin or stdout is not one",
                             hint: Self.offTerminalHint)
        }
        if session.environment["TERM"] == "dumb" {
            throw UsageError("top needs a terminal that can move the cursor, and TERM is \"dumb\"", hint: Self.offTerminalHint)
        }
        let namespace = try session.namespace
        let api = try session.api()
        let job = try session.job(name, namespace: namespace, api: api)
        let end: TopEnd
        do {
            end = try TopLoop(api: api, job: job, color: session.colorStdout).run()
        } catch let error as TerminalError {
            return session.report(ErrorReport(code: .failure, message: "cannot draw on the terminal: \(error.message)"))
        }
        switch end {
        case .quit:
            return .success
        case .interrupted:
            return .interrupted
        case .deleted:
            session.printError(ErrorReport(code: .notFound, message: "mpijob \"\(name)\" was deleted from namespace \"\(namespace)\""))
            return .notFound
        case .failed(let error):
            return session.report(MPIJobClient(api: api).translate(error, name: name, namespace: namespace),
                                  namespace: namespace)
        case .hungUp:
            session.printError(ErrorReport(code: .failure, message: "the terminal was closed"))
            return .failure
        }
    }
}
