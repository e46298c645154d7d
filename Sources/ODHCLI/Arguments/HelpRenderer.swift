/// Renders `-h` from the same declaration the parser uses.
struct HelpRenderer {
    /// The command as the user reaches it (`kubectl odh mpijob` or `kubectl odh-mpijob`).
    var invocation: String

    func render(_ spec: CommandSpec, path: [String], globals: [OptionSpec]) -> String {
        var out = ""
        let full = ([invocation] + path).joined(separator: " ")
        out += spec.summary + "\n"
        if !spec.description.isEmpty { out += "\n" + spec.description + "\n" }
        out += "\nUsage:\n"
        if spec.usage.isEmpty {
            out += "  \(full)\(spec.subcommands.isEmpty ? "" : " COMMAND") [flags]\n"
        } else {
            for line in spec.usage { out += "  \(full) \(line)\n" }
        }
        let visible = spec.subcommands.filter { !$0.hidden }
        if !visible.isEmpty {
            out += "\nCommands:\n"
            let width = visible.map(\.name.count).max() ?? 0
            for sub in visible {
                out += "  " + sub.name.padding(width) + "  " + sub.summary + "\n"
            }
        }
        if !spec.examples.isEmpty {
            out += "\nExamples:\n"
            for example in spec.examples { out += "  " + example + "\n" }
        }
        let own = spec.options.filter { !$0.global }
        if !own.isEmpty {
            out += "\nFlags:\n" + optionTable(own)
        }
        if !globals.isEmpty {
            out += "\nGlobal flags:\n" + optionTable(globals)
        }
        if !visible.isEmpty {
            out += "\nUse \"\(full) COMMAND --help\" for more about a command.\n"
        }
        return out
    }

    private func optionTable(_ options: [OptionSpec]) -> String {
        let rows = options.map { option -> (String, String) in
            ((option.short == nil ? "    " : "") + option.signature, option.fullHelp)
        }
        let width = min(rows.map(\.0.count).max() ?? 0, 34)
        var out = ""
        for (left, help) in rows {
            if left.count > width {
                out += "  \(left)\n  \(String(repeating: " ", count: width))  \(help)\n"
            } else {
                out += "  \(left.padding(width))  \(help)\n"
            }
        }
        return out
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
