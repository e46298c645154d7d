import KubeClient
import MPIJobs

/// Answers `__complete WORDS… PARTIAL` in cobra's protocol (one candidate per line, then
/// `:DIRECTIVE`), which kubectl's plugin completion (`kubectl_complete-odh`) passes through.
struct Completer {
    static let spec = CommandSpec(name: "__complete", summary: "shell completion backend", hidden: true)

    /// cobra's ShellCompDirective values.
    enum Directive: Int {
        case files = 0
        case noFiles = 4
    }

    let root: CommandSpec
    let environment: [String: String]

    func complete(_ words: [String]) -> (candidates: [String], directive: Directive) {
        let partial = words.last ?? ""
        let before = Array(words.dropLast())
        var chain = [root]
        var pendingValue: OptionSpec?
        var flagValues: [String: String] = [:]
        var positionals = 0

        func options() -> [OptionSpec] {
            var all = chain.last?.options ?? []
            for spec in chain.dropLast() { all += spec.options.filter(\.global) }
            return all
        }

        for word in before {
            if let option = pendingValue {
                flagValues[option.long] = word
                pendingValue = nil
                continue
            }
            if word.hasPrefix("--") {
                let name = String(word.dropFirst(2).prefix { $0 != "=" })
                if let option = options().first(where: { $0.long == name }), option.takesValue, !word.contains("=") {
                    pendingValue = option
                } else if let eq = word.firstIndex(of: "=") {
                    flagValues[name] = String(word[word.index(after: eq)...])
                }
                continue
            }
            if word.hasPrefix("-") && word.count >= 2 {
                let letter = word[word.index(after: word.startIndex)]
                if let option = options().first(where: { $0.short == letter }), option.takesValue {
                    if word.count == 2 { pendingValue = option } else { flagValues[option.long] = String(word.dropFirst(2)) }
                }
                continue
            }
            if positionals == 0, let sub = chain.last?.subcommand(named: word) {
                chain.append(sub)
            } else {
                positionals += 1
            }
        }
        let current = chain.last ?? root
        if let option = pendingValue {
            return values(for: option.completion, partial: partial, flags: flagValues)
        }
        if partial.hasPrefix("-") {
            if partial.hasPrefix("--"), let eq = partial.firstIndex(of: "=") {
                let name = String(partial[partial.index(partial.startIndex, offsetBy: 2)..<eq])
                if let option = options().first(where: { $0.long == name }) {
                    let prefix = String(partial[...eq])
                    let (found, directive) = values(for: option.completion, partial: String(partial[partial.index(after: eq)...]), flags: flagValues)
                    return (found.map { prefix + $0 }, directive)
                }
            }
            let names = options().map { "--\($0.long)" }
            return (names.filter { $0.hasPrefix(partial) }, .noFiles)
        }
        if positionals == 0 && !current.subcommands.isEmpty {
            return (current.subcommands.filter { !$0.hidden }.map(\.name).filter { $0.hasPrefix(partial) }, .noFiles)
        }
        if let positional = current.positionals.first, positional.repeating || positionals == 0 {
            return values(for: positional.completion, partial: partial, flags: flagValues)
        }
        return ([], .noFiles)
    }

    func values(for kind: CompletionKind, partial: String, flags: [String: String]) -> ([String], Directive) {
        switch kind {
        case .none: return ([], .noFiles)
        case .file: return ([], .files)
        case .choices(let choices): return (choices.filter { $0.hasPrefix(partial) }, .noFiles)
        case .context:
            let loader = KubeconfigLoader(explicitPath: flags["kubeconfig"], environment: environment)
            do {
                let names = try loader.load()?.contexts.keys.sorted() ?? []
                return (names.filter { $0.hasPrefix(partial) }, .noFiles)
            } catch {
                return ([], .noFiles)
            }
        case .namespace, .mpijobName:
            var overrides = ConfigOverrides()
            overrides.kubeconfigPath = flags["kubeconfig"]
            overrides.context = flags["context"]
            overrides.namespace = flags["namespace"]
            overrides.requestTimeout = 5
            do {
                var context = try ContextResolver.resolve(overrides: overrides, environment: environment)
                if context.exec != nil { context = try ExecCredentialRunner.apply(to: context, environment: environment) }
                let api = try KubeAPI(context: context, retry: .none)
                var collector = NameCollector()
                let path = kind == .namespace
                    ? "/api/v1/namespaces" : MPIJobClient.collectionPath(namespace: context.namespace)
                _ = try api.list(path, into: &collector)
                return (collector.names.filter { $0.hasPrefix(partial) }, .noFiles)
            } catch {
                // Completion must never print errors into the user's command line.
                return ([], .noFiles)
            }
        }
    }
}
