/// The order go-yaml v2 writes map keys in, and so the order of `kubectl -o yaml`: not
/// byte order but a "natural" one where non-letters sort before letters and runs of
/// digits compare by value (`a9` before `a10`, `a_b` before `aB`). A port of go-yaml's
/// `keyList.Less` for string keys, on UTF-8 without building rune arrays.
enum YAMLKeyOrder {
    /// Positions of the object's members in printing order. Objects whose keys are already
    /// in order (most maps the API server returns) are not sorted again.
    static func order(_ object: JSONObject) -> [Int] {
        let keys = object.keys
        var order = Array(keys.indices)
        var sorted = true
        var i = 1
        while sorted && i < keys.count {
            if less(keys[i], keys[i - 1]) { sorted = false }
            i += 1
        }
        if !sorted { order.sort { less(keys[$0], keys[$1]) } }
        return order
    }

    static func less(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { pa in b.withUTF8 { pb in less(pa, pb) } }
    }

    static func less(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        // Whether the digit run just before `i` holds a digit other than '0'.
        var runHasNonZero = false
        while i < a.count && i < b.count {
            let (ra, wa) = rune(a, at: i)
            let (rb, _) = rune(b, at: i)
            if ra == rb {
                if isDigit(ra) {
                    if ra != 0x30 { runHasNonZero = true }
                } else {
                    runHasNonZero = false
                }
                i += wa
                continue
            }
            let al = isLetter(ra)
            let bl = isLetter(rb)
            if al && bl { return ra < rb }
            if al || bl { return bl }
            var an: Int64 = 0
            var bn: Int64 = 0
            if (ra == 0x30 || rb == 0x30) && runHasNonZero {
                an = 1
                bn = 1
            }
            let (an2, aDigits) = number(a, from: i, start: an)
            let (bn2, bDigits) = number(b, from: i, start: bn)
            if an2 != bn2 { return an2 < bn2 }
            if aDigits != bDigits { return aDigits < bDigits }
            return ra < rb
        }
        // One is a prefix of the other, so fewer bytes means fewer runes.
        return a.count < b.count
    }

    /// Go accumulates `n*10 + (r - '0')` over a digit run, wrapping on overflow.
    private static func number(_ s: UnsafeBufferPointer<UInt8>, from start: Int, start value: Int64) -> (Int64, Int) {
        var n = value
        var i = start
        var runes = 0
        while i < s.count {
            let (r, w) = rune(s, at: i)
            guard isDigit(r) else { break }
            n = n &* 10 &+ (Int64(r) &- 0x30)
            runes += 1
            i += w
        }
        return (n, runes)
    }

    @inline(__always)
    private static func rune(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let b0 = s[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        if b0 < 0xE0, i + 1 < s.count { return (UInt32(b0 & 0x1F) << 6 | UInt32(s[i + 1] & 0x3F), 2) }
        if b0 < 0xF0, i + 2 < s.count {
            return (UInt32(b0 & 0x0F) << 12 | UInt32(s[i + 1] & 0x3F) << 6 | UInt32(s[i + 2] & 0x3F), 3)
        }
        if i + 3 < s.count {
            let r = UInt32(b0 & 0x07) << 18 | UInt32(s[i + 1] & 0x3F) << 12 | UInt32(s[i + 2] & 0x3F) << 6
                | UInt32(s[i + 3] & 0x3F)
            return (r, 4)
        }
        return (UInt32(b0), 1)
    }

    /// Go's `unicode.IsLetter`: general category L.
    private static func isLetter(_ r: UInt32) -> Bool {
        if r < 0x80 { return (r | 0x20) >= 0x61 && (r | 0x20) <= 0x7A }
        guard let scalar = Unicode.Scalar(r) else { return false }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// Go's `unicode.IsDigit`: general category Nd (only '0'…'9' below U+0100).
    private static func isDigit(_ r: UInt32) -> Bool {
        if r < 0x100 { return r >= 0x30 && r <= 0x39 }
        guard let scalar = Unicode.Scalar(r) else { return false }
        return scalar.properties.generalCategory == .decimalNumber
    }
}
