/// Turns one scalar (text, tag, style) into a JSON value or a mapping key, as
/// sigs.k8s.io/yaml does on top of go-yaml v2: explicit tags are checked against what the
/// text resolves to, non-string keys become their Go string form, and values JSON cannot
/// hold (`.inf`, `.nan`) are refused instead of producing invalid JSON.
enum YAMLScalarDecoding {
    static let tagPrefix = "tag:yaml.org,2002:"

    /// What a scalar means before it is placed as a key or a value.
    enum Meaning {
        /// Taken as written: quoted, block, `!!str`, custom tags.
        case text(String)
        /// An untagged plain scalar or one with a resolvable tag. `literal` is true when the
        /// text is a JSON number literal and may be kept verbatim.
        case resolved(YAMLResolved, text: String, literal: Bool)
    }

    static func meaning(
        _ bytes: UnsafeBufferPointer<UInt8>, tag: String?, plain: Bool
    ) throws(ScalarProblem) -> Meaning {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let tag else {
            guard plain else { return .text(text) }
            return .resolved(YAMLResolver.resolvePlain(bytes), text: text, literal: isLiteral(bytes))
        }
        guard tag.hasPrefix(tagPrefix) else { return .text(text) }
        let name = tag.dropFirst(tagPrefix.count)
        switch name {
        case "str":
            return .text(text)
        case "binary":
            return .text(try base64(text))
        case "null", "bool", "int", "float", "timestamp":
            let resolved = YAMLResolver.resolvePlain(bytes)
            switch (name, resolved) {
            case ("null", .null), ("bool", .bool), ("int", .int), ("float", .float), ("timestamp", .timestamp):
                return .resolved(resolved, text: text, literal: isLiteral(bytes))
            case ("float", .int(let decimal)):
                guard let value = Double(decimal) else {
                    throw ScalarProblem("cannot decode !!int `\(text)` as a !!float")
                }
                return .resolved(.float(value), text: text, literal: isLiteral(bytes))
            default:
                throw ScalarProblem("cannot decode \(shortTag(resolved)) `\(text)` as a !!\(name)")
            }
        default:
            return .text(text)
        }
    }

    static func isMergeKey(_ bytes: UnsafeBufferPointer<UInt8>, tag: String?, plain: Bool) -> Bool {
        guard bytes.count == 2, bytes[0] == UInt8(ascii: "<"), bytes[1] == UInt8(ascii: "<") else { return false }
        return tag == nil ? plain : tag == tagPrefix + "merge"
    }

    static func value(_ meaning: Meaning) throws(ScalarProblem) -> JSON {
        switch meaning {
        case .text(let text):
            return .string(text)
        case .resolved(let resolved, let text, let literal):
            if literal { return .number(text) }
            switch resolved {
            case .null: return .null
            case .bool(let value): return .bool(value)
            case .int(let decimal): return .number(decimal)
            case .float(let value):
                guard value.isFinite else {
                    throw ScalarProblem("cannot represent `\(text)` in JSON, which has no infinity or NaN")
                }
                return .number(GoFloatFormat.jsonText(value))
            case .timestamp, .string: return .string(text)
            }
        }
    }

    static func key(_ meaning: Meaning) throws(ScalarProblem) -> String {
        switch meaning {
        case .text(let text):
            return text
        case .resolved(let resolved, let text, _):
            switch resolved {
            case .null: throw ScalarProblem("unsupported map key: null")
            case .bool(let value): return value ? "true" : "false"
            case .int(let decimal): return decimal
            case .float(let value): return GoFloatFormat.keyText(value)
            case .timestamp, .string: return text
            }
        }
    }

    private static func isLiteral(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first, first == UInt8(ascii: "-") || YAMLNumberSyntax.isDigit(first) else { return false }
        return YAMLNumberSyntax.isJSONNumberLiteral(bytes)
    }

    private static func shortTag(_ resolved: YAMLResolved) -> String {
        switch resolved {
        case .null: return "!!null"
        case .bool: return "!!bool"
        case .int: return "!!int"
        case .float: return "!!float"
        case .timestamp: return "!!timestamp"
        case .string: return "!!str"
        }
    }

    /// `!!binary` stays base64 text (what Kubernetes wants for `[]byte` fields), with the
    /// line breaks of a folded block removed; Go's decoder ignores only CR and LF too.
    private static func base64(_ text: String) throws(ScalarProblem) -> String {
        let bytes = text.utf8.filter { $0 != 0x0A && $0 != 0x0D }
        var padding = 0
        for (index, c) in bytes.enumerated() {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                if padding > 0 { throw ScalarProblem("!!binary value contains invalid base64 data") }
            case UInt8(ascii: "="):
                padding += 1
                if padding > 2 || index < bytes.count - 2 {
                    throw ScalarProblem("!!binary value contains invalid base64 data")
                }
            default:
                throw ScalarProblem("!!binary value contains invalid base64 data")
            }
        }
        guard bytes.count % 4 == 0 else { throw ScalarProblem("!!binary value contains invalid base64 data") }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A problem with one scalar; the reader adds the position.
struct ScalarProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
