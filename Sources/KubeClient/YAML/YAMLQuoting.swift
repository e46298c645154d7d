/// Which strings may not be written as plain scalars because a YAML 1.1 reader would
/// take them for something else: go-yaml v2's rule (quote what `resolve` does not call a
/// string, plus base-60 numbers), this package's reader (JSON number literals, kept as
/// numbers even when out of Go's range), and PyYAML's implicit resolvers where they are
/// broader than go-yaml's (`._5`, `0b_`, `=`, `<<`, dates with an impossible month).
enum YAMLQuoting {
    typealias Bytes = RandomAccessCollection<UInt8>

    static func needsQuotes<C: Bytes>(_ s: C) -> Bool where C.Index == Int {
        guard let first = s.first else { return true }
        switch first {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"),
            UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"),
            UInt8(ascii: "o"), UInt8(ascii: "O"), UInt8(ascii: "~"):
            return YAMLResolver.resolvePlain(s) != .string
        case UInt8(ascii: "<"):
            return s.count == 2 && s[s.startIndex + 1] == UInt8(ascii: "<")
        case UInt8(ascii: "="):
            return s.count == 1
        case UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return YAMLResolver.resolvePlain(s) != .string
                || YAMLNumberSyntax.isJSONNumberLiteral(s)
                || isBase60(s)
                || isPyYAMLInt(s)
                || isPyYAMLFloat(s)
                || YAMLTimestamp.isPyYAMLTimestamp(s)
        default:
            return false
        }
    }

    /// go-yaml v2's `base60float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`;
    /// it also covers PyYAML's sexagesimal ints and floats.
    static func isBase60<C: Bytes>(_ s: C) -> Bool where C.Index == Int {
        var i = s.startIndex
        let end = s.endIndex
        if i < end && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
        guard i < end, YAMLNumberSyntax.isDigit(s[i]) else { return false }
        while i < end && (YAMLNumberSyntax.isDigit(s[i]) || s[i] == UInt8(ascii: "_")) { i += 1 }
        var groups = 0
        while i < end && s[i] == UInt8(ascii: ":") {
            i += 1
            let start = i
            while i < end && YAMLNumberSyntax.isDigit(s[i]) { i += 1 }
            switch i - start {
            case 1: break
            case 2 where s[start] <= UInt8(ascii: "5"): break
            default: return false
            }
            groups += 1
        }
        guard groups > 0 else { return false }
        if i < end && s[i] == UInt8(ascii: ".") {
            i += 1
            while i < end && (YAMLNumberSyntax.isDigit(s[i]) || s[i] == UInt8(ascii: "_")) { i += 1 }
        }
        return i == end
    }

    /// `[-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(?:0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+`
    static func isPyYAMLInt<C: Bytes>(_ s: C) -> Bool where C.Index == Int {
        var i = s.startIndex
        if i < s.endIndex && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
        let body = s[i...]
        guard let first = body.first else { return false }
        func all(from offset: Int, _ allowed: (UInt8) -> Bool) -> Bool {
            let rest = body.dropFirst(offset)
            return !rest.isEmpty && rest.allSatisfy(allowed)
        }
        if first == UInt8(ascii: "0") {
            if body.count == 1 { return true }
            let second = body[body.startIndex + 1]
            if second == UInt8(ascii: "b") {
                return all(from: 2) { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") || $0 == UInt8(ascii: "_") }
            }
            if second == UInt8(ascii: "x") {
                return all(from: 2) { isHex($0) || $0 == UInt8(ascii: "_") }
            }
            return all(from: 1) { ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7")) || $0 == UInt8(ascii: "_") }
        }
        guard YAMLNumberSyntax.isDigit(first) else { return false }
        return body.dropFirst().allSatisfy { YAMLNumberSyntax.isDigit($0) || $0 == UInt8(ascii: "_") }
    }

    /// `[-+]?[0-9][0-9_]*\.[0-9_]*([eE][-+][0-9]+)? | \.[0-9_]+([eE][-+][0-9]+)?`
    /// (the older, looser form of the second branch, which PyYAML < 5.4 used).
    static func isPyYAMLFloat<C: Bytes>(_ s: C) -> Bool where C.Index == Int {
        var i = s.startIndex
        let end = s.endIndex
        func digitsOrUnderscores() -> Int {
            let start = i
            while i < end && (YAMLNumberSyntax.isDigit(s[i]) || s[i] == UInt8(ascii: "_")) { i += 1 }
            return i - start
        }
        if i < end && s[i] == UInt8(ascii: ".") {
            i += 1
            guard digitsOrUnderscores() > 0 else { return false }
        } else {
            if i < end && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < end, YAMLNumberSyntax.isDigit(s[i]) else { return false }
            _ = digitsOrUnderscores()
            guard i < end, s[i] == UInt8(ascii: ".") else { return false }
            i += 1
            _ = digitsOrUnderscores()
        }
        if i < end && (s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E")) {
            i += 1
            guard i < end, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") else { return false }
            i += 1
            let start = i
            while i < end && YAMLNumberSyntax.isDigit(s[i]) { i += 1 }
            guard i > start else { return false }
        }
        return i == end
    }

    private static func isHex(_ c: UInt8) -> Bool {
        YAMLNumberSyntax.isDigit(c) || ((c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "f"))
    }
}
