/// What an untagged plain scalar means, decided as go-yaml v2's `resolve` does (the
/// decoder behind sigs.k8s.io/yaml and so behind `kubectl apply -f`): YAML 1.1 booleans
/// and nulls, Go's integer syntaxes after removing `_`, floats, and timestamps (which
/// stay text).
enum YAMLResolved: Equatable {
    case null
    case bool(Bool)
    /// Canonical decimal text of the integer.
    case int(String)
    case float(Double)
    case timestamp
    case string
}

enum YAMLResolver {
    typealias Bytes = RandomAccessCollection<UInt8>

    static func resolvePlain<C: Bytes>(_ s: C) -> YAMLResolved where C.Index == Int {
        guard let first = s.first else { return .null }
        switch first {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"),
            UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
            UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "~"):
            return word(s) ?? .string
        case UInt8(ascii: "."):
            if let special = word(s) { return special }
            if let value = YAMLNumberSyntax.parseFloat(s) { return .float(value) }
            return .string
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            if let special = word(s) { return special }
            return number(s)
        default:
            return .string
        }
    }

    private static func number<C: Bytes>(_ s: C) -> YAMLResolved where C.Index == Int {
        if YAMLTimestamp.isGoTimestamp(s) { return .timestamp }
        let plain = s.contains(UInt8(ascii: "_")) ? s.filter { $0 != UInt8(ascii: "_") } : Array(s)
        if let value = YAMLNumberSyntax.parseInt(plain) { return .int(String(value)) }
        if let value = YAMLNumberSyntax.parseUint(plain) { return .int(String(value)) }
        if YAMLNumberSyntax.isYAMLStyleFloat(plain), let value = YAMLNumberSyntax.parseFloat(plain) {
            return .float(value)
        }
        return .string
    }

    /// go-yaml v2's `resolveMap`, matched on bytes: it runs for every short scalar that
    /// starts with one of these letters ("name", "true", "test"…).
    private static func word<C: Bytes>(_ s: C) -> YAMLResolved? where C.Index == Int {
        guard s.count <= 6 else { return nil }
        for (candidates, meaning) in words where candidates.contains(where: { $0.elementsEqual(s) }) {
            return meaning
        }
        return nil
    }

    private static let words: [([[UInt8]], YAMLResolved)] = [
        (["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"].map { Array($0.utf8) }, .bool(true)),
        (["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"].map { Array($0.utf8) }, .bool(false)),
        (["~", "null", "Null", "NULL"].map { Array($0.utf8) }, .null),
        ([".nan", ".NaN", ".NAN"].map { Array($0.utf8) }, .float(.nan)),
        ([".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"].map { Array($0.utf8) }, .float(.infinity)),
        (["-.inf", "-.Inf", "-.INF"].map { Array($0.utf8) }, .float(-.infinity)),
    ]
}
