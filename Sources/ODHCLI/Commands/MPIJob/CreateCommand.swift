import KubeClient
import MPIJobs

/// `mpijob create`: from manifests (`-f`) or from flags; validated as the operator would,
/// checked against RBAC and quota first, optionally waited on.
struct CreateCommand: CLICommand {
    static let spec = CommandSpec(
        name: "create", summary: "Submit MPIJobs from YAML/JSON or from flags",
        usage: ["-f FILE|- [-f FILE]... [--dry-run=client|server] [-o json|yaml|name] [--wait [--timeout D] [--follow]]",
                "NAME --image IMG [--workers N] [--gpus-per-worker N] [flags] [-- COMMAND ARGS...]",
                "-i [NAME] [flags as defaults] [--wait [--timeout D] [--follow]]"],
        description: """
            Every job is validated with the mpi-operator's own rules before anything is sent (the
            MPIJob CRD has no webhook: an invalid job would be accepted and then do nothing), and
            checked against your permissions and the namespace's ResourceQuota. With -i on a terminal
            it asks for the job step by step, shows the manifest and the pre-flight, then submits it,
            saves it to a file or goes back to a step (docs/interactive.md).
            """,
        options: [
            OptionSpec(long: "filename", short: "f", kind: .repeated, valueName: "FILE",
                       help: "manifest file (YAML or JSON, several documents allowed); - reads stdin",
                       completion: .file),
            OptionSpec(long: "interactive", short: "i", kind: .flag,
                       help: "on a terminal: ask for the job step by step (flags given become the defaults)"),
        ] + JobSubmission.options + CreateFlags.specs,
        positionals: [PositionalSpec(name: "NAME", help: "name of a job built from flags", optional: true)],
        examples: [
            "kubectl odh mpijob create -f job.yaml --wait --timeout 2h",
            "kubectl odh mpijob create pi --image mpioperator/mpi-pi:openmpi --workers 2 -- mpirun -n 2 /home/mpiuser/pi",
            "kubectl odh mpijob create ddp --image my/pytorch --workers 4 --gpus-per-worker 2 --queue team-q --dry-run -o yaml",
            "kubectl odh mpijob create -i -n team-a",
        ],
        acceptsTrailingCommand: true)

    var files: [String]
    var jobName: String?
    var submission: JobSubmission
    var interactive: Bool
    let parsed: ParsedArguments

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        self.parsed = parsed
        files = parsed.strings("filename")
        submission = try JobSubmission(parsed: parsed)
        interactive = try parsed.flag("interactive")
        if globals.allNamespaces { throw UsageError("create works in one namespace; -A does not apply") }
        if parsed.positionals.count > 1 {
            throw UsageError("create takes one job name, got \(parsed.positionals.count)",
                             hint: "put the launcher's command after --: create NAME --image IMG -- mpirun ...")
        }
        jobName = parsed.positionals.first
        // The fix for a refusal names flags for a job built from them, fields for a manifest.
        submission.fromFlags = files.isEmpty
        let flagsUsed = CreateFlags.longNames.filter { parsed.has($0) }
        if interactive {
            try Self.checkInteractive(parsed, files: files)
        } else if files.isEmpty {
            guard jobName != nil else {
                throw UsageError("create needs -f FILE or a NAME with --image", hint: "see 'kubectl odh mpijob create -h'")
            }
        } else {
            if let jobName { throw UsageError("give either -f FILE or a NAME (\"\(jobName)\"), not both") }
            if let flag = flagsUsed.first { throw UsageError("--\(flag) builds a job from flags; it cannot change a -f manifest") }
            if parsed.trailing != nil { throw UsageError("a command after -- goes with NAME --image, not with -f") }
        }
    }

    func run(_ session: Session) throws -> ExitCode {
        if interactive { return try runInteractive(session) }
        // A client dry run sends nothing, and needs no cluster: use the kubeconfig's
        // namespace only if there is one.
        let explicitNamespace = session.globals.overrides.namespace
        var namespace: String?
        do {
            namespace = try session.namespace
        } catch {
            if submission.dryRun != .client { throw error }
            namespace = explicitNamespace
        }
        switch try loadJobs(session, namespace: namespace, explicitNamespace: explicitNamespace) {
        case .success(let jobs): return try submission.send(jobs, namespace: namespace, session: session)
        case .failure(let code): return code
        }
    }
}
