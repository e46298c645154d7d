/// libyaml's character classes on UTF-8.
enum YAMLChar {
    @inline(__always)
    static func width(_ lead: UInt8) -> Int {
        if lead & 0x80 == 0 { return 1 }
        if lead & 0xE0 == 0xC0 { return 2 }
        if lead & 0xF0 == 0xE0 { return 3 }
        if lead & 0xF8 == 0xF0 { return 4 }
        return 1
    }

    @inline(__always)
    static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    /// CR, LF, NEL (U+0085), LS (U+2028), PS (U+2029).
    @inline(__always)
    static func isBreak(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let c = s[i]
        if c == 0x0A || c == 0x0D { return true }
        if c == 0xC2 { return i + 1 < s.count && s[i + 1] == 0x85 }
        if c == 0xE2 { return i + 2 < s.count && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9) }
        return false
    }

    /// libyaml's `IS_PRINTABLE`: LF, 0x20–0x7E, U+00A0–U+D7FF, U+E000–U+FFFD except the
    /// BOM. Tabs and characters beyond the BMP (emoji) are not, so they force double quotes
    /// and escapes, exactly as kubectl prints them.
    @inline(__always)
    static func isPrintable(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let c = s[i]
        if c == 0x0A || (c >= 0x20 && c <= 0x7E) { return true }
        let next: UInt8 = i + 1 < s.count ? s[i + 1] : 0
        if c == 0xC2 { return next >= 0xA0 }
        if c > 0xC2 && c < 0xED { return true }
        if c == 0xED { return next < 0xA0 }
        if c == 0xEE { return true }
        if c == 0xEF {
            let third: UInt8 = i + 2 < s.count ? s[i + 2] : 0
            return !(next == 0xBB && third == 0xBF) && !(next == 0xBF && (third == 0xBE || third == 0xBF))
        }
        return false
    }

    static func decode(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let c = s[i]
        let w = min(width(c), s.count - i)
        var value: UInt32
        switch w {
        case 2: value = UInt32(c & 0x1F)
        case 3: value = UInt32(c & 0x0F)
        case 4: value = UInt32(c & 0x07)
        default: return (UInt32(c), 1)
        }
        for k in 1..<w { value = value << 6 | UInt32(s[i + k] & 0x3F) }
        return (value, w)
    }
}
