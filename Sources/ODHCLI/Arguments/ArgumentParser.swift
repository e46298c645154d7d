import MPIJobs

/// The result of parsing: which command was chosen and the options' raw values, by long name.
struct ParsedArguments: Sendable {
    var commandPath: [String] = []
    var spec: CommandSpec
    var values: [String: [String]] = [:]
    var positionals: [String] = []
    /// Words after `--`, or nil when there was no `--`.
    var trailing: [String]? = nil
    var helpRequested = false

    func has(_ long: String) -> Bool { values[long] != nil }

    func string(_ long: String) -> String? { values[long]?.last }

    func strings(_ long: String) -> [String] { values[long] ?? [] }

    func flag(_ long: String) throws(UsageError) -> Bool {
        guard let raw = values[long]?.last else { return false }
        switch raw.lowercased() {
        case "true", "t", "1", "": return true
        case "false", "f", "0": return false
        default: throw UsageError("invalid argument \"\(raw)\" for \"--\(long)\" flag: expected true or false")
        }
    }

    func int(_ long: String, minimum: Int? = nil) throws(UsageError) -> Int? {
        guard let raw = values[long]?.last else { return nil }
        guard let value = Int(raw) else {
            throw UsageError("invalid argument \"\(raw)\" for \"--\(long)\" flag: not an integer")
        }
        if let minimum, value < minimum {
            throw UsageError("invalid argument \"\(raw)\" for \"--\(long)\" flag: must be \(minimum) or more")
        }
        return value
    }

    func choice(_ long: String, in allowed: [String]) throws(UsageError) -> String? {
        guard let raw = values[long]?.last else { return nil }
        guard allowed.contains(raw) else {
            throw UsageError(
                "invalid argument \"\(raw)\" for \"--\(long)\" flag: must be one of \(allowed.joined(separator: ", "))",
                hint: Suggestion.closest(to: raw, in: allowed).map { "did you mean \($0)?" })
        }
        return raw
    }
}

/// Parses argv against a command tree, kubectl-style: flags anywhere (before or after the
/// subcommand), `--flag=v`, `--flag v`, `-fv`, `-f v`, combined short booleans, `--` ends flags.
struct ArgumentParser {
    let root: CommandSpec

    func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var result = ParsedArguments(spec: root)
        var chain: [CommandSpec] = [root]
        var index = 0

        // The chosen command's own options, plus the global ones of every command above it.
        func knownOptions() -> [OptionSpec] {
            var all = chain.last?.options ?? []
            for spec in chain.dropLast() { all += spec.options.filter(\.global) }
            return all
        }

        func record(_ option: OptionSpec, _ value: String) {
            switch option.kind {
            case .repeated: result.values[option.long, default: []].append(value)
            default: result.values[option.long] = [value]
            }
        }

        while index < arguments.count {
            let word = arguments[index]
            index += 1

            if word == "--" {
                result.trailing = Array(arguments[index...])
                break
            }
            if word == "-h" || word == "--help" {
                result.helpRequested = true
                continue
            }
            if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                let name: String
                var inlineValue: String?
                if let eq = body.firstIndex(of: "=") {
                    name = String(body[..<eq])
                    inlineValue = String(body[body.index(after: eq)...])
                } else {
                    name = String(body)
                }
                let options = knownOptions()
                guard let option = options.first(where: { $0.long == name }) else {
                    throw unknownFlag("--\(name)", options: options, command: chain.last ?? root)
                }
                switch option.kind {
                case .flag:
                    record(option, inlineValue ?? "true")
                case .optionalValue(let defaultValue):
                    record(option, inlineValue ?? defaultValue)
                case .value, .repeated:
                    if let inlineValue {
                        record(option, inlineValue)
                    } else {
                        guard index < arguments.count else {
                            throw UsageError("flag needs an argument: --\(name)")
                        }
                        record(option, arguments[index])
                        index += 1
                    }
                }
                continue
            }
            if word.hasPrefix("-") && word.count > 1 && !isNegativeNumber(word) {
                var rest = Substring(word.dropFirst())
                while let letter = rest.first {
                    rest = rest.dropFirst()
                    let options = knownOptions()
                    guard let option = options.first(where: { $0.short == letter }) else {
                        throw unknownFlag("-\(letter)", options: options, command: chain.last ?? root)
                    }
                    if option.takesValue {
                        var value = String(rest)
                        if value.hasPrefix("=") { value.removeFirst() }
                        if rest.isEmpty {
                            guard index < arguments.count else {
                                throw UsageError("flag needs an argument: '\(letter)' in -\(letter)")
                            }
                            value = arguments[index]
                            index += 1
                        }
                        record(option, value)
                        break
                    }
                    if case .optionalValue(let defaultValue) = option.kind {
                        record(option, defaultValue)
                    } else if rest.hasPrefix("=") {
                        record(option, String(rest.dropFirst()))
                        break
                    } else {
                        record(option, "true")
                    }
                }
                continue
            }
            // A bare word: a subcommand while we are still choosing one, else a positional.
            let current = chain.last ?? root
            if result.positionals.isEmpty, !current.subcommands.isEmpty {
                if let sub = current.subcommand(named: word) {
                    chain.append(sub)
                    result.commandPath.append(sub.name)
                    continue
                }
                let names = current.subcommands.filter { !$0.hidden }.map(\.name)
                throw UsageError(
                    "unknown command \"\(word)\" for \"\(commandLine(chain))\"",
                    hint: Suggestion.closest(to: word, in: names).map { "did you mean \($0)?" }
                        ?? "run '\(commandLine(chain)) --help' for the commands")
            }
            result.positionals.append(word)
        }
        result.spec = chain.last ?? root
        if result.trailing != nil && !result.spec.acceptsTrailingCommand && !result.helpRequested {
            throw UsageError("\"\(commandLine(chain))\" takes no command after --")
        }
        return result
    }

    private func isNegativeNumber(_ word: String) -> Bool {
        Int(word) != nil
    }

    private func commandLine(_ chain: [CommandSpec]) -> String {
        chain.map(\.name).joined(separator: " ")
    }

    private func unknownFlag(_ flag: String, options: [OptionSpec], command: CommandSpec) -> UsageError {
        var names = options.map { "--\($0.long)" }
        names += options.compactMap { $0.short.map { "-\($0)" } }
        let hint = Suggestion.closest(to: flag, in: names).map { "did you mean \($0)?" }
            ?? "run '\(command.name) --help' for the flags"
        return UsageError("unknown flag: \(flag)", hint: hint)
    }
}
