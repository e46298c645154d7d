/// The number grammars a YAML reader has to agree with: go-yaml v2 decides what a plain
/// scalar is by calling Go's `strconv`, so these reproduce `ParseInt`/`ParseUint` with base 0
/// and the syntax `ParseFloat` accepts, and JSON's literal grammar decides which texts are
/// kept verbatim.
enum YAMLNumberSyntax {
    typealias Bytes = RandomAccessCollection<UInt8>

    /// RFC 8259 `number`: such texts stay as they were written, so `1.0`, `1e3` and `-0`
    /// survive a YAML round trip unchanged.
    static func isJSONNumberLiteral<C: Bytes>(_ s: C) -> Bool where C.Index == Int {
        var i = s.startIndex
        let end = s.endIndex
        if i < end && s[i] == UInt8(ascii: "-") { i += 1 }
        guard i < end else { return false }
        if s[i] == UInt8(ascii: "0") {
            i += 1
        } else if isDigit(s[i]) {
            while i < end && isDigit(s[i]) { i += 1 }
        } else {
            return false
        }
        if i < end && s[i] == UInt8(ascii: ".") {
            i += 1
            guard i < end, isDigit(s[i]) else { return false }
            while i < end && isDigit(s[i]) { i += 1 }
        }
        if i < end && (s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E")) {
            i += 1
            if i < end && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
            guard i < end, isDigit(s[i]) else { return false }
            while i < end && isDigit(s[i]) { i += 1 }
        }
        return i == end
    }

    /// `strconv.ParseInt(s, 0, 64)` on text whose underscores were already removed.
    static func parseInt<C: Bytes>(_ s: C) -> Int64? where C.Index == Int {
        guard let first = s.first else { return nil }
        var body = s[...]
        var negative = false
        if first == UInt8(ascii: "+") {
            body = body.dropFirst()
        } else if first == UInt8(ascii: "-") {
            negative = true
            body = body.dropFirst()
        }
        guard let magnitude = parseUint(body) else { return nil }
        let cutoff = UInt64(1) << 63
        if negative {
            guard magnitude <= cutoff else { return nil }
            return magnitude == cutoff ? Int64.min : -Int64(magnitude)
        }
        guard magnitude < cutoff else { return nil }
        return Int64(magnitude)
    }

    /// `strconv.ParseUint(s, 0, 64)`: `0b`, `0o`, `0x` prefixes, a leading `0` means octal.
    static func parseUint<C: Bytes>(_ s: C) -> UInt64? where C.Index == Int {
        guard !s.isEmpty else { return nil }
        var i = s.startIndex
        var base: UInt64 = 10
        if s[i] == UInt8(ascii: "0") {
            if s.count >= 3, let prefixed = prefixBase(s[i + 1]) {
                base = prefixed
                i += 2
            } else {
                base = 8
                i += 1
            }
        }
        var value: UInt64 = 0
        while i < s.endIndex {
            let c = s[i]
            let digit: UInt64
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt64(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = UInt64(c - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = UInt64(c - UInt8(ascii: "A")) + 10
            default: return nil
            }
            guard digit < base else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: base)
            let (sum, overflow2) = shifted.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = sum
            i += 1
        }
        return value
    }

    private static func prefixBase(_ c: UInt8) -> UInt64? {
        switch c | 0x20 {
        case UInt8(ascii: "b"): return 2
        case UInt8(ascii: "o"): return 8
        case UInt8(ascii: "x"): return 16
        default: return nil
        }
    }

    /// go-yaml v2's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    static func isYAMLStyleFloat<C: Bytes>(_ s: C) -> Bool where C.Index == Int {
        var i = s.startIndex
        let end = s.endIndex
        if i < end && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
        guard i < end else { return false }
        if s[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < end && isDigit(s[i]) { i += 1 }
            guard i > start else { return false }
        } else {
            let start = i
            while i < end && isDigit(s[i]) { i += 1 }
            guard i > start else { return false }
            if i < end && s[i] == UInt8(ascii: ".") {
                i += 1
                while i < end && isDigit(s[i]) { i += 1 }
            }
        }
        if i < end && (s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E")) {
            i += 1
            if i < end && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
            let start = i
            while i < end && isDigit(s[i]) { i += 1 }
            guard i > start else { return false }
        }
        return i == end
    }

    /// The decimal syntax Go's `ParseFloat` accepts (no hex floats, no inf/nan words: the
    /// callers only get here for texts starting with `.` or already matching
    /// `isYAMLStyleFloat`), with underscores allowed between digits. Nil when malformed or
    /// out of range: go-yaml then keeps the scalar as a string.
    static func parseFloat<C: Bytes>(_ s: C) -> Double? where C.Index == Int {
        var i = s.startIndex
        let end = s.endIndex
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(s.count)
        if i < end && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) {
            cleaned.append(s[i])
            i += 1
        }
        var sawDigits = false
        var sawDot = false
        var previous: UInt8 = 0
        while i < end {
            let c = s[i]
            if isDigit(c) {
                sawDigits = true
                cleaned.append(c)
            } else if c == UInt8(ascii: "_") {
                guard isDigit(previous), i + 1 < end, isDigit(s[i + 1]) else { return nil }
            } else if c == UInt8(ascii: ".") && !sawDot {
                sawDot = true
                cleaned.append(c)
            } else {
                break
            }
            previous = c
            i += 1
        }
        guard sawDigits else { return nil }
        if i < end && (s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E")) {
            cleaned.append(UInt8(ascii: "e"))
            i += 1
            if i < end && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) {
                cleaned.append(s[i])
                i += 1
            }
            guard i < end, isDigit(s[i]) else { return nil }
            while i < end {
                let c = s[i]
                if isDigit(c) {
                    cleaned.append(c)
                } else if c == UInt8(ascii: "_") {
                    guard i + 1 < end, isDigit(s[i + 1]), isDigit(s[i - 1]) else { return nil }
                } else {
                    return nil
                }
                i += 1
            }
        }
        guard i == end else { return nil }
        guard let value = Double(String(decoding: cleaned, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    @inline(__always)
    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
}
