import KubeClient
import MPIJobs

/// `mpijob delete`: by name, by selector or all; asks first on a terminal, refuses a bulk
/// delete without a terminal unless `--yes`.
struct DeleteCommand: CLICommand {
    static let spec = CommandSpec(
        name: "delete", aliases: ["rm"], summary: "Delete MPIJobs (asks first on a terminal)",
        usage: ["NAME... [-y] [--wait [--timeout D]] [--cascade background|foreground|orphan]",
                "-l SELECTOR | --all  --yes [--chunk-size N]"],
        options: [
            SharedOptions.selector,
            OptionSpec(long: "all", kind: .flag, help: "delete every MPIJob in the namespace"),
            OptionSpec(long: "yes", short: "y", kind: .flag, help: "do not ask for confirmation"),
            OptionSpec(long: "wait", kind: .flag, help: "return only once the jobs and their pods are gone"),
            SharedOptions.timeout,
            OptionSpec(long: "cascade", kind: .value, valueName: "POLICY",
                       help: "background (default), foreground or orphan (keep the pods)",
                       completion: .choices(Cascade.allCases.map(\.rawValue))),
            OptionSpec(long: "force", kind: .flag, help: "delete immediately (grace period 0)"),
            SharedOptions.chunkSize,
        ],
        positionals: [PositionalSpec(name: "NAME", help: "MPIJob name", repeating: true, optional: true,
                                     completion: .mpijobName)],
        examples: [
            "kubectl odh mpijob delete pi",
            "kubectl odh mpijob delete -l team=nlp --yes --wait",
        ])

    var names: [String]
    var selector: String?
    var all: Bool
    var yes: Bool
    var wait: Bool
    var timeout: Double?
    var cascade: Cascade
    var force: Bool
    var chunkSize: Int

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        names = parsed.positionals
        selector = parsed.string("selector")
        all = try parsed.flag("all")
        yes = try parsed.flag("yes")
        wait = try parsed.flag("wait")
        timeout = try SharedOptions.parseTimeout(parsed)
        force = try parsed.flag("force")
        chunkSize = try SharedOptions.parseChunkSize(parsed)
        cascade = .background
        if let raw = try parsed.choice("cascade", in: Cascade.allCases.map(\.rawValue)) {
            cascade = Cascade(rawValue: raw) ?? .background
        }
        let ways = [!names.isEmpty, selector != nil, all].filter { $0 }.count
        guard ways == 1 else {
            throw UsageError(ways == 0 ? "delete needs NAME..., -l SELECTOR or --all"
                                       : "use only one of NAME..., -l SELECTOR and --all")
        }
        if globals.allNamespaces { throw UsageError("delete works in one namespace; -A does not apply") }
        if timeout != nil && !wait { throw UsageError("--timeout goes with --wait") }
        if parsed.has("chunk-size") && !isBulk { throw UsageError("--chunk-size goes with -l SELECTOR or --all") }
    }

    var isBulk: Bool { selector != nil || all }

    func run(_ session: Session) throws -> ExitCode {
        let namespace = try session.namespace
        if isBulk && !yes && !session.stdinIsTerminal {
            session.printError(ErrorReport(
                code: .usage, message: "refusing to delete \(all ? "all MPIJobs" : "MPIJobs matching \"\(selector ?? "")\"") in namespace \"\(namespace)\" without confirmation",
                hint: "stdin is not a terminal: add --yes to confirm"))
            return .usage
        }
        let client = try session.mpijobs()
        var targets = names
        if isBulk {
            var collector = NameCollector()
            do {
                _ = try client.list(namespace: namespace, labelSelector: selector, chunkSize: chunkSize, into: &collector)
                targets = collector.names
            } catch {
                return session.report(error, namespace: namespace)
            }
            if targets.isEmpty {
                try session.stderr.line("No resources found in \(namespace) namespace.")
                return .success
            }
        }
        if !yes && session.stdinIsTerminal {
            let question = targets.count == 1
                ? "Delete mpijob \(targets[0]) in namespace \(namespace)?"
                : "Delete \(targets.count) mpijobs in namespace \(namespace) (\(targets.joined(separator: ", ")))?"
            guard try Prompt.confirm(question, output: session.stderr) else {
                try session.stderr.line("Nothing deleted.")
                return .success
            }
        }
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
