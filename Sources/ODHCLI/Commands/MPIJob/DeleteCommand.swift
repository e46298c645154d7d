import KubeClient
import MPIJobs

/// `mpijob delete`: by name, by selector or all; asks first on a terminal, refuses a bulk
/// delete without a terminal unless `--yes`.
struct DeleteCommand: CLICommand {
    static let spec = CommandSpec(
        name: "delete", aliases: ["rm"], summary: "Delete MPIJobs (asks first on a terminal)",
        usage: ["NAME... [-y] [--wait [--timeout D]] [--cascade background|foreground|orphan]",
                "-l SELECTOR | --all  --yes [--chunk-size N]"],
        options: TargetSelection.options(allHelp: "delete every MPIJob in the namespace")
            + DeleteFlags.specs.filter { $0.long != "yes" } + [SharedOptions.chunkSize],
        positionals: [PositionalSpec(name: "NAME", help: "MPIJob name", repeating: true, optional: true,
                                     completion: .mpijobName)],
        examples: [
            "kubectl odh mpijob delete pi",
            "kubectl odh mpijob delete -l team=nlp --yes --wait",
        ])

    var targets: TargetSelection
    var wait: Bool
    var timeout: Double?
    var cascade: Cascade
    var force: Bool

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        targets = try TargetSelection(parsed: parsed, globals: globals, verb: "delete", confirmNamed: true)
        let flags = try DeleteFlags(parsed)
        (wait, timeout, cascade, force) = (flags.wait, flags.timeout, flags.cascade, flags.force)
        try flags.validate()
        targets.chunkSize = try SharedOptions.parseChunkSize(parsed)
        if parsed.has("chunk-size") && !targets.isBulk {
            throw UsageError("--chunk-size goes with -l SELECTOR or --all")
        }
    }

    func run(_ session: Session) throws -> ExitCode {
        let namespace = try session.namespace
        let targets: [String]
        switch try self.targets.resolve(session, namespace: namespace, client: session.mpijobs) {
        case .targets(let names): targets = names
        case .done(let code): return code
        }
        let client = try session.mpijobs()
        let deleter = JobDeleter(api: client.api)
        var code = ExitCode.success
        var deleted: [String] = []
        for name in targets {
            do {
                try deleter.delete(name: name, namespace: namespace, cascade: cascade, force: force)
                try session.stdout.line("\(MPIJob.objectName) \"\(name)\" deleted")
                try session.stdout.flush()
                deleted.append(name)
            } catch {
                code = code.combined(with: session.report(error, namespace: namespace))
                if case MPIJobError.crdMissing = error { return code }
            }
        }
        guard wait else { return code }
        let deadline = timeout.map { Monotonic.now() + $0 }
        for name in deleted {
            let gone = try deleter.waitUntilGone(name: name, namespace: namespace, includePods: cascade != .orphan,
                                                 deadline: deadline)
            if !gone {
                session.printError(ErrorReport(
                    code: .timedOut, message: "timed out waiting for mpijob \"\(name)\" and its pods to go away"))
                return code.combined(with: .timedOut)
            }
        }
        return code
    }
}
