import MPIJobs

/// `-o` values. Printers are chosen by these alone.
enum OutputFormat: String, Sendable, CaseIterable {
    case table
    case wide
    case json
    case yaml
    case name

    static func parse(_ raw: String?, allowed: [OutputFormat] = OutputFormat.allCases) throws(UsageError) -> OutputFormat {
        guard let raw, !raw.isEmpty else { return allowed.first ?? .table }
        guard let format = OutputFormat(rawValue: raw.lowercased()), allowed.contains(format) else {
            let names = allowed.map(\.rawValue)
            throw UsageError(
                "unknown output format \"\(raw)\": use one of \(names.joined(separator: ", "))",
                hint: Suggestion.closest(to: raw, in: names).map { "did you mean -o \($0)?" })
        }
        return format
    }

    var isStructured: Bool { self == .json || self == .yaml }
}
