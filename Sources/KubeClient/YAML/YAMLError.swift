/// Why a YAML text could not be read, with where the problem is.
///
/// `message` is libyaml's problem text (or go-yaml's wording for the checks done above
/// libyaml), so a user who searches for it finds the same answers as for kubectl.
public struct YAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    /// 1-based; 0 when the problem has no position (an empty input, out of memory).
    public let line: Int
    /// 1-based, counted in characters.
    public let column: Int
    /// 0-based index of the document in the stream (the first `---` section is 0).
    public let document: Int
    /// libyaml's "while …" note with its position, e.g. where an unclosed quote started.
    public let context: String?

    public init(message: String, line: Int, column: Int, document: Int, context: String? = nil) {
        self.message = message
        self.line = line
        self.column = column
        self.document = document
        self.context = context
    }

    public var description: String {
        var text = "yaml: "
        if line > 0 { text += "line \(line), column \(column): " }
        text += message
        if let context { text += " (\(context))" }
        return text
    }
}

/// A position in the input as libyaml reports it: 0-based line and character column.
struct YAMLMark: Sendable, Equatable {
    var line: Int
    var column: Int

    static let none = YAMLMark(line: -1, column: -1)

    func error(_ message: String, document: Int) -> YAMLError {
        guard line >= 0 else { return YAMLError(message: message, line: 0, column: 0, document: document) }
        return YAMLError(message: message, line: line + 1, column: column + 1, document: document)
    }
}
