import KubeClient
import MPIJobs

/// `create -i`: the guided dialog (Interactive/JobWizardDialog) in front of create's own
/// pipeline — the same `JobRequest` rules, `ManifestBuilder`, pre-flight, POST and `--wait`.
extension CreateCommand {
    /// What -i cannot go with: it builds one job from answers and shows it before sending.
    static func checkInteractive(_ parsed: ParsedArguments, files: [String]) throws(UsageError) {
        if !files.isEmpty {
            throw UsageError("-i builds a job from answers; it cannot be combined with -f",
                             hint: "drop -i to create from the file, or -f to be asked")
        }
        if parsed.has("dry-run") {
            throw UsageError("-i shows the manifest and asks before sending anything; --dry-run does not apply",
                             hint: "choose 'save to a file' at the end of -i to keep the manifest without creating it")
        }
        if parsed.has("output") {
            throw UsageError("-o does not apply to -i", hint: "choose 'save to a file' at the end of -i for the YAML")
        }
    }

    /// Off a terminal there is no one to ask: say which flags build the same job.
    static let interactiveNeedsTerminal = UsageError(
        "create -i asks its questions on a terminal, and stdin or stdout is not one",
        hint: "give the job as flags: kubectl odh mpijob create NAME --image IMAGE [--workers N]"
            + " [--slots-per-worker N] [--gpus-per-worker N] [--cpu Q] [--memory Q] [--mpi-implementation IMPL]"
            + " [--queue QUEUE] [-- COMMAND ARGS...], or -f FILE")

    func runInteractive(_ session: Session) throws -> ExitCode {
        guard session.stdinIsTerminal, session.stdout.isTerminal else { throw Self.interactiveNeedsTerminal }
        let namespace = try session.namespace
        // Flags given with -i are the answers' defaults; a value no flag could take is
        // refused now, as without -i.
        var request = JobRequest(name: jobName ?? "", image: "")
        request.namespace = namespace
        request.command = parsed.trailing ?? []
        let issues = CreateFlags.apply(parsed, to: &request)
        if !issues.isEmpty {
            JobSubmission.printIssues(issues, for: "mpijob \"\(request.name)\"", session: session,
                        hint: "see 'kubectl odh mpijob create --help' for the flags and their values")
            return .usage
        }
        let api = try session.api()
        let dialog = JobWizardDialog(
            session: session, api: api, namespace: namespace,
            submit: { object in try submission.submit(object, namespace: namespace, api: api, session: session).0 },
            created: { name in
                submission.wait ? try submission.waitFor(name, namespace: namespace, api: api, session: session) : .success
            })
        return try dialog.run(JobWizard(request: request))
    }
}
