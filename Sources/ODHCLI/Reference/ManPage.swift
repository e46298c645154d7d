/// A command's man page (roff, `man(7)` macros) from its declaration: NAME, SYNOPSIS,
/// DESCRIPTION, COMMANDS, ARGUMENTS, OPTIONS with defaults, GLOBAL OPTIONS, EXAMPLES,
/// EXIT STATUS, SEE ALSO. No date or version in the page: regenerating it from the same
/// declarations gives the same bytes, so a stale committed page is easy to detect.
struct ManPage {
    var command: DocumentedCommand
    var related: [DocumentedCommand]

    func render() -> String {
        var out = ".TH \"\(command.pageName.uppercased())\" \"1\" \"\" \"kubectl-odh\" \"kubectl-odh Manual\"\n"
        // Left-aligned, no hyphenation: flags and commands must read (and copy) as typed.
        out += ".ad l\n.nh\n"
        out += ".SH NAME\n" + Roff.escape("\(command.pageName) - \(command.spec.summary)") + "\n"
        out += ".SH SYNOPSIS\n"
        for (index, line) in command.usageLines.enumerated() {
            if index > 0 { out += ".br\n" }
            out += "\\fB\(Roff.escape(command.invocation))\\fR " + Roff.escape(line) + "\n"
        }
        out += ".SH DESCRIPTION\n" + Roff.paragraphs(command.spec.description.isEmpty
            ? command.spec.summary + "." : command.spec.description)
        if !command.spec.aliases.isEmpty {
            let parent = (["kubectl odh"] + command.path.dropLast()).joined(separator: " ")
            let names = command.spec.aliases.map { "\\fB" + Roff.escape(parent + " " + $0) + "\\fR" }
            out += ".PP\nAlso reachable as " + names.joined(separator: ", ") + ".\n"
        }
        if command.path == ["mpijob"] {
            out += ".PP\n" + Roff.paragraphs("""
                The same verbs are reached through the kubectl-odh-mpijob link installed beside
                kubectl-odh (kubectl odh mpijob VERB finds it even where another kubectl-odh comes
                first on PATH) and, when installed with krew, as kubectl odh-mpijob VERB.
                """)
        }
        if !command.subcommands.isEmpty {
            out += ".SH COMMANDS\n"
            for sub in command.subcommands {
                out += ".TP\n\\fB\(Roff.escape(sub.name))\\fR\n" + Roff.escape(sub.summary) + "\n"
            }
        }
        if !command.spec.positionals.isEmpty {
            out += ".SH ARGUMENTS\n"
            for positional in command.spec.positionals {
                out += ".TP\n\\fI\(Roff.escape(positional.name))\\fR\n" + Roff.escape(positional.help) + "\n"
            }
        }
        if !command.ownOptions.isEmpty { out += ".SH OPTIONS\n" + options(command.ownOptions) }
        if !command.globals.isEmpty { out += ".SH GLOBAL OPTIONS\n" + options(command.globals) }
        if !command.spec.examples.isEmpty {
            out += ".SH EXAMPLES\n.nf\n.RS 4\n"
            for example in command.spec.examples { out += Roff.escape(example) + "\n" }
            out += ".RE\n.fi\n"
        }
        out += ".SH EXIT STATUS\n"
        for code in ExitCode.allCases {
            out += ".TP\n.B \(code.rawValue)\n" + Roff.escape(code.meaning) + "\n"
        }
        out += ".SH SEE ALSO\n" + seeAlso() + "\n"
        return out
    }

    private func options(_ list: [OptionSpec]) -> String {
        var out = ""
        for option in list {
            out += ".TP\n" + signature(option) + "\n" + Roff.escape(option.help)
            if case .repeated = option.kind { out += " (repeatable)" }
            out += "\n"
            if let defaultValue = option.defaultValue {
                out += ".br\nDefault: " + Roff.escape(defaultValue) + ".\n"
            }
            if case .optionalValue(let bare) = option.kind {
                out += ".br\n\\fB\\-\\-\(Roff.escape(option.long))\\fR alone means " + Roff.escape(bare) + ".\n"
            }
        }
        return out
    }

    /// `\fB\-o\fR, \fB\-\-output\fR \fIFORMAT\fR`: flags bold, the value's name italic.
    private func signature(_ option: OptionSpec) -> String {
        var text = option.short.map { "\\fB\\-\(Roff.escape(String($0)))\\fR, " } ?? ""
        text += "\\fB\\-\\-\(Roff.escape(option.long))\\fR"
        switch option.kind {
        case .flag: break
        case .value, .repeated: text += " \\fI\(Roff.escape(option.valueName))\\fR"
        case .optionalValue: text += "[=\\fI\(Roff.escape(option.valueName))\\fR]"
        }
        return text
    }

    private func seeAlso() -> String {
        var names: [String] = []
        if let parent = command.parentPageName { names.append(parent) }
        names += command.subcommands.map { command.pageName + "-" + $0.name }
        if command.path.isEmpty { names += related.filter { $0.path.count > 1 }.map(\.pageName) }
        names.append("kubectl")
        return names.map { "\\fB\(Roff.escape($0))\\fR(1)" }.joined(separator: ", ")
    }
}


/// roff's special characters, so a declaration's text prints as written.
enum Roff {
    /// `\` prints as `\e`; `-` as `\-` (a minus sign, so commands copied from the page work);
    /// a line starting with `.` or `'` would be a request, so `\&` guards it.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        var lineStart = true
        for character in text {
            if lineStart && (character == "." || character == "'") { out += "\\&" }
            switch character {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            case _ where !character.isASCII:
                // groff reads its input as Latin-1 unless preconv runs first: name the code
                // points (`\[u2192]` for →), which every groff renders.
                for scalar in character.unicodeScalars {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
                }
            default: out.append(character)
            }
            lineStart = character == "\n"
        }
        return out
    }

    /// Text with blank lines between paragraphs: `.PP` starts each one after the first.
    static func paragraphs(_ text: String) -> String {
        var out = ""
        var paragraph: [String] = []
        func flush() {
            guard !paragraph.isEmpty else { return }
            if !out.isEmpty { out += ".PP\n" }
            out += escape(paragraph.joined(separator: "\n")) + "\n"
            paragraph = []
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            if trimmed.isEmpty { flush() } else { paragraph.append(String(trimmed)) }
        }
        flush()
        return out
    }
}
