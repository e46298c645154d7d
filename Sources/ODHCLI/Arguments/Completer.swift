/// Values only the kubeconfig or the cluster knows (contexts, namespaces, job names). The
/// parser's side of completion asks through this, so it needs no client: the cluster side
/// lives beside the commands (`Commands/Plugin/ClusterCompletions.swift`).
protocol CompletionValues {
    /// Every candidate for `kind`; `flags` are the flag values typed so far (--kubeconfig, -n).
    func values(for kind: CompletionKind, flags: [String: String]) -> [String]
}

/// Answers `__complete WORDS… PARTIAL` in cobra's protocol, which kubectl's plugin completion
/// (`kubectl_complete-odh`) passes through to kubectl's own shell scripts: one candidate per
/// line (commands and flags as `NAME<TAB>description`), then `:DIRECTIVE`. For a partial
/// `--flag=val` the candidates are values only (`wide`, not `--output=wide`): cobra's scripts
/// put the `--flag=` back themselves, and so do ours.
struct Completer {
    static let spec = CommandSpec(name: "__complete", summary: "shell completion backend", hidden: true)

    /// cobra's ShellCompDirective values.
    enum Directive: Int {
        case files = 0
        case noFiles = 4
    }

    let root: CommandSpec
    let dynamic: any CompletionValues

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
                    return values(for: option.completion, partial: String(partial[partial.index(after: eq)...]),
                                  flags: flagValues)
                }
            }
            let matching = options().filter { "--\($0.long)".hasPrefix(partial) }
            return (matching.map { "--\($0.long)\t\(Self.oneLine($0.help))" }, .noFiles)
        }
        if positionals == 0 && !current.subcommands.isEmpty {
            let matching = current.subcommands.filter { !$0.hidden && $0.name.hasPrefix(partial) }
            return (matching.map { "\($0.name)\t\(Self.oneLine($0.summary))" }, .noFiles)
        }
        if let positional = current.positionals.first, positional.repeating || positionals == 0 {
            return values(for: positional.completion, partial: partial, flags: flagValues)
        }
        return ([], .noFiles)
    }

    /// A description must stay on its candidate's line.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\t" ? " " : $0 })
    }

    func values(for kind: CompletionKind, partial: String, flags: [String: String]) -> ([String], Directive) {
        switch kind {
        case .none: return ([], .noFiles)
        case .file: return ([], .files)
        case .choices(let choices): return (choices.filter { $0.hasPrefix(partial) }, .noFiles)
        case .context, .namespace, .mpijobName, .jobName:
            return (dynamic.values(for: kind, flags: flags).filter { $0.hasPrefix(partial) }, .noFiles)
        }
    }
}
