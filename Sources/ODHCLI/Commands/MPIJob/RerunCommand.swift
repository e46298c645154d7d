import KubeClient
import MPIJobs

/// `mpijob rerun NAME`: the same job once more, as a new MPIJob, checked and sent by the very
/// pipeline `create` uses.
struct RerunCommand: CLICommand {
    static let spec = CommandSpec(
        name: "rerun", summary: "Run a job again: a new MPIJob with the old one's spec, labels and annotations",
        usage: ["NAME [--name NEW | --generate-name] [--dry-run=client|server] [-o json|yaml|name] [--wait [--timeout D] [--follow]]"],
        description: """
            The new job gets NAME's spec and the labels and annotations its user gave it, never its
            status, uid, resourceVersion, managedFields, owner references or the operator's and
            Kueue's own keys; runPolicy.suspend is dropped, so it starts (or queues, with a
            queue-name label). It is validated and pre-flighted exactly like `create` (RBAC,
            ResourceQuota, the Kueue LocalQueue). Its name is NAME-rerun-N (N the next free
            number), --name NEW, or NAME-rerun-<5 random characters> with --generate-name.
            """,
        options: [
            OptionSpec(long: "name", kind: .value, valueName: "NEW", help: "name of the new job"),
            OptionSpec(long: "generate-name", kind: .flag,
                       help: "let the API server pick the name: NAME-rerun- and 5 random characters"),
        ] + JobSubmission.options,
        positionals: [PositionalSpec(name: "NAME", help: "the MPIJob to run again", completion: .mpijobName)],
        examples: [
            "kubectl odh mpijob rerun pi --wait",
            "kubectl odh mpijob rerun pi --name pi-bigger --dry-run -o yaml",
            "kubectl odh mpijob rerun pi --generate-name -o name",
        ])

    var source: String
    var newName: String?
    var generateName: Bool
    var submission: JobSubmission

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        guard parsed.positionals.count == 1 else {
            throw UsageError(parsed.positionals.isEmpty ? "rerun needs the name of the MPIJob to run again"
                                                        : "rerun takes one MPIJob name")
        }
        if globals.allNamespaces { throw UsageError("rerun works in one namespace; -A does not apply") }
        source = parsed.positionals[0]
        newName = parsed.string("name")
        generateName = try parsed.flag("generate-name")
        if newName != nil && generateName { throw UsageError("use either --name or --generate-name, not both") }
        if let newName, newName.isEmpty { throw UsageError("--name needs a name") }
        submission = try JobSubmission(parsed: parsed)
        submission.clashHint = "pick another --name, let the server choose one with --generate-name, or leave both out for \(RerunManifest.base(of: source))-rerun-<next number>"
    }

    func run(_ session: Session) throws -> ExitCode {
        let namespace = try session.namespace
        let client = try session.mpijobs()
        let job: MPIJob
        do {
            job = try client.get(name: source, namespace: namespace)
        } catch {
            return session.report(error, namespace: namespace)
        }
        let naming: RerunManifest.Naming
        if let newName {
            naming = .named(newName)
        } else if generateName {
            naming = .generated(prefix: RerunManifest.base(of: source) + "-rerun-")
        } else {
            var taken = NameCollector()
            do {
                _ = try client.list(namespace: namespace, labelSelector: nil, into: &taken)
            } catch {
                return session.report(error, namespace: namespace)
            }
            naming = .named(RerunManifest.nextName(for: source, taken: taken.names))
        }
        let manifest = RerunManifest.build(from: job, naming: naming, workload: admittedWorkload(of: job, session: session))
        let document = ManifestDocument(object: manifest, origin: "rerun of mpijob \"\(source)\"")
        switch submission.validate([document], namespace: namespace, explicitNamespace: nil, session: session,
                                   hint: "the old job's spec breaks the mpi-operator's rules (or the new name is too long: use --name)") {
        case .success(let checked): return try submission.send(checked, namespace: namespace, session: session)
        case .failure(let code): return code
        }
    }

    /// The old job's Workload while Kueue has it admitted: its pod templates are the user's own.
    /// Unreadable, the job's templates are used, with a warning.
    private func admittedWorkload(of job: MPIJob, session: Session) -> Workload? {
        guard job.queueName != nil, !job.isSuspended else { return nil }
        do {
            guard let kueue = try KueueAPI.discover(session.api()) else { return nil }
            return try KueueClient(api: session.api(), kueue: kueue).workload(for: job)
        } catch {
            session.warn("cannot read mpijob \"\(job.name)\"'s Kueue Workload (\(ErrorMapping.report(error).message)): the pod templates are copied from the running job, with whatever Kueue merged into them at admission")
            return nil
        }
    }
}
