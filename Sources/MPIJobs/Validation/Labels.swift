/// Kubernetes' rules for label keys and values and environment variable names
/// (`IsQualifiedName`, `IsValidLabelValue`, `IsEnvVarName`): the API server refuses an
/// object that breaks them, so `create` reports them before sending.
public enum LabelRules {
    /// `[prefix/]name`: the prefix a DNS subdomain, the name ≤ 63 characters of
    /// alphanumerics, `-`, `_`, `.`, starting and ending with an alphanumeric.
    public static func keyErrors(_ key: String) -> [String] {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            return nameErrors(String(parts[0]))
        case 2:
            if parts[0].isEmpty { return ["prefix part must be non-empty"] }
            return DNS.subdomain1123Errors(String(parts[0])).map { "prefix part \($0)" } + nameErrors(String(parts[1]))
        default:
            return [
                "a qualified name must consist of alphanumeric characters, '-', '_' or '.', "
                    + "with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            ]
        }
    }

    /// Empty, or like the name part of a key.
    public static func valueErrors(_ value: String) -> [String] {
        if value.isEmpty { return [] }
        var errors: [String] = []
        if value.utf8.count > 63 { errors.append("must be no more than 63 characters") }
        if !isNamePart(value) {
            errors.append(
                "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                    + "and must start and end with an alphanumeric character")
        }
        return errors
    }

    /// Letters, digits, `_`, `-`, `.`, not starting with a digit.
    public static func envNameErrors(_ name: String) -> [String] {
        let bytes = Array(name.utf8)
        let valid =
            !bytes.isEmpty && !isDigit(bytes[0])
            && bytes.allSatisfy { isAlpha($0) || isDigit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
        if valid { return [] }
        return [
            "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', "
                + "and must not start with a digit"
        ]
    }

    private static func nameErrors(_ name: String) -> [String] {
        if name.isEmpty { return ["name part must be non-empty"] }
        var errors: [String] = []
        if name.utf8.count > 63 { errors.append("name part must be no more than 63 characters") }
        if !isNamePart(name) {
            errors.append(
                "name part must consist of alphanumeric characters, '-', '_' or '.', "
                    + "and must start and end with an alphanumeric character")
        }
        return errors
    }

    private static func isNamePart(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, let last = bytes.last else { return false }
        guard isAlpha(first) || isDigit(first), isAlpha(last) || isDigit(last) else { return false }
        return bytes.allSatisfy {
            isAlpha($0) || isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    private static func isAlpha(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
