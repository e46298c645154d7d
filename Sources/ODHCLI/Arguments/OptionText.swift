/// How a declared option reads in `-h`, the man pages and the CLI reference, so the three
/// never describe the same flag differently.
extension OptionSpec {
    /// `-o, --output FORMAT`, `--dry-run[=MODE]`, `--watch`.
    var signature: String {
        var text = short.map { "-\($0), " } ?? ""
        text += "--\(long)"
        switch kind {
        case .flag: break
        case .value, .repeated: text += " \(valueName)"
        case .optionalValue: text += "[=\(valueName)]"
        }
        return text
    }

    /// The help sentence with what help readers also need: repeatable, the default, and the
    /// value a bare `--dry-run` stands for.
    var fullHelp: String {
        var text = help
        if case .repeated = kind { text += " (repeatable)" }
        if let note = defaultNote { text += " (\(note))" }
        return text
    }

    /// `default: 1`, `default: none; --dry-run alone: client`, or nil.
    var defaultNote: String? {
        var parts: [String] = []
        if let defaultValue { parts.append("default: \(defaultValue)") }
        if case .optionalValue(let bare) = kind { parts.append("--\(long) alone: \(bare)") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
