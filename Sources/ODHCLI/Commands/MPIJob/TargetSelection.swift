import KubeClient
import MPIJobs

/// `NAME... | -l SELECTOR | --all` with delete's confirmation rules, shared by the verbs that
/// change jobs (delete, suspend, resume): a bulk change asks first on a terminal and, without
/// one, needs `--yes`.
struct TargetSelection {
    var names: [String]
    var selector: String?
    var all: Bool
    var yes: Bool
    /// "delete", "suspend", "resume"
    var verb: String
    /// Whether naming jobs one by one also asks first (delete does; suspend and resume do not).
    var confirmNamed: Bool
    /// `--chunk-size` of the bulk list (0: one request).
    var chunkSize = 0

    static func options(allHelp: String) -> [OptionSpec] {
        [
            SharedOptions.selector,
            OptionSpec(long: "all", kind: .flag, help: allHelp),
            OptionSpec(long: "yes", short: "y", kind: .flag, help: "do not ask for confirmation"),
        ]
    }

    init(parsed: ParsedArguments, globals: GlobalOptions, verb: String, confirmNamed: Bool) throws(UsageError) {
        names = parsed.positionals
        selector = parsed.string("selector")
        all = try parsed.flag("all")
        yes = try parsed.flag("yes")
        self.verb = verb
        self.confirmNamed = confirmNamed
        let ways = [!names.isEmpty, selector != nil, all].filter { $0 }.count
        guard ways == 1 else {
            throw UsageError(ways == 0 ? "\(verb) needs NAME..., -l SELECTOR or --all"
                                       : "use only one of NAME..., -l SELECTOR and --all")
        }
        if globals.allNamespaces { throw UsageError("\(verb) works in one namespace; -A does not apply") }
    }

    var isBulk: Bool { selector != nil || all }

    enum Resolution {
        case targets([String])
        /// Stop here with this exit code (refused, nothing matched, declined).
        case done(ExitCode)
    }

    /// The jobs to act on, after listing (bulk) and asking (terminal, no --yes). `client` is made
    /// only once the request is allowed to go ahead (it may run an exec credential plugin).
    func resolve(_ session: Session, namespace: String, client: () throws -> MPIJobClient) throws -> Resolution {
        if isBulk && !yes && !session.stdinIsTerminal {
            session.printError(ErrorReport(
                code: .usage,
                message: "refusing to \(verb) \(all ? "all MPIJobs" : "MPIJobs matching \"\(selector ?? "")\"") in namespace \"\(namespace)\" without confirmation",
                hint: "stdin is not a terminal: add --yes to confirm"))
            return .done(.usage)
        }
        var targets = names
        if isBulk {
            do {
                var collector = NameCollector()
                _ = try client().list(namespace: namespace, labelSelector: selector, chunkSize: chunkSize,
                                      into: &collector)
                targets = collector.names
            } catch {
                return .done(session.report(error, namespace: namespace))
            }
            if targets.isEmpty {
                try session.stderr.line("No resources found in \(namespace) namespace.")
                return .done(.success)
            }
        }
        if !yes && session.stdinIsTerminal && (isBulk || confirmNamed) {
            let action = verb.prefix(1).uppercased() + verb.dropFirst()
            let question = targets.count == 1
                ? "\(action) mpijob \(targets[0]) in namespace \(namespace)?"
                : "\(action) \(targets.count) mpijobs in namespace \(namespace) (\(targets.joined(separator: ", ")))?"
            guard try Prompt.confirm(question, output: session.stderr) else {
                try session.stderr.line("Nothing \(verb == "delete" ? "deleted" : verb + "ed").")
                return .done(.success)
            }
        }
        return .targets(targets)
    }
}
