import MPIJobs

extension CLI {
    /// What `run` decides about a command line before it needs a cluster: the words (argv
    /// without the program name) parsed against the command tree; when they name a command,
    /// the global options and the command's own options validated (its `init`); and for
    /// `create NAME --image …`, the job built from the flags (`CreateFlags.request`) and
    /// checked by `MPIJobValidator` as `create` checks it (namespace: `-n`, else "default").
    /// Nothing touches the network, a file or the terminal; a help request renders the help
    /// text without printing it. For the fuzz target Tests/Fuzz/FuzzArguments.swift.
    ///
    /// `error` is the usage error or the flag issues the user would see, nil when the line
    /// is accepted; `builtJobIssues` lists what the validator found in a job built from
    /// flags that were all accepted (it should be empty).
    public static func fuzzParse(_ words: [String], asMPIJob: Bool = false)
        -> (error: String?, builtJobIssues: [String])
    {
        let root = asMPIJob ? CommandTree.mpijobRoot : CommandTree.pluginRoot
        do throws(UsageError) {
            let parsed = try ArgumentParser(root: root).parse(words)
            let path = (asMPIJob ? ["mpijob"] : []) + parsed.commandPath
            guard let command = CommandTree.command(for: path), !parsed.helpRequested else {
                _ = HelpRenderer(invocation: "kubectl odh").render(
                    parsed.spec, path: parsed.commandPath, globals: GlobalOptions.specs)
                return (parsed.positionals.first.map { "unexpected argument \"\($0)\"" }, [])
            }
            let globals = try GlobalOptions(parsed)
            let instance = try command.init(parsed: parsed, globals: globals)
            guard let create = instance as? CreateCommand, let name = create.jobName else { return (nil, []) }
            let namespace = globals.overrides.namespace ?? "default"
            let (request, issues) = CreateFlags.request(
                name: name, parsed: parsed, namespace: namespace, command: parsed.trailing ?? [])
            guard let request else { return (issues.map(\.description).joined(separator: "\n"), []) }
            return (nil, MPIJobValidator.validate(ManifestBuilder.build(request)).map(\.description))
        } catch {
            return (error.message, [])
        }
    }
}

extension CLI {
    /// `__complete WORDS…` as the shell helpers call it, with contexts, namespaces and job
    /// names from fixed lists (no kubeconfig, process or network). For the fuzz target
    /// Tests/Fuzz/FuzzComplete.swift: the candidates, one per line on the wire, and the directive.
    public static func fuzzComplete(_ words: [String], asMPIJob: Bool = false) -> (candidates: [String], directive: Int) {
        let completer = Completer(root: asMPIJob ? CommandTree.mpijobRoot : CommandTree.pluginRoot, dynamic: FixedNames())
        let result = completer.complete(words)
        return (result.candidates, result.directive.rawValue)
    }
}

/// Names a cluster could offer, without asking one.
private struct FixedNames: CompletionValues {
    func values(for kind: CompletionKind, flags: [String: String]) -> [String] {
        switch kind {
        case .context: return ["admin", "alice", "ns/api:6443/user"]
        case .namespace: return ["default", "team-a"]
        default: return ["pi", "pi-running", "pytorchjob/pt-1"]
        }
    }
}
