/// Finds the next byte of a JSON string that needs a look (a quote, a backslash…) eight bytes
/// at a time. Most of a Kubernetes object's bytes are inside strings (names, values,
/// managedFields' keys), and a byte-at-a-time loop spent most of a list's scanning there.
///
/// Each test sets the high bit of the bytes that match. A borrow only ever marks bytes above a
/// true match, so on a little-endian load the lowest marked byte is always a real one.
enum StringRun {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    private static func zeros(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highs
    }

    @inline(__always)
    private static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        zeros(word ^ (ones &* UInt64(byte)))
    }

    @inline(__always)
    private static func word(_ base: UnsafePointer<UInt8>, _ i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
    }

    /// The index of the first quote or backslash from `i`, or where fewer than eight bytes are
    /// left before `n` (the byte-wise loop takes over from either).
    @inline(__always)
    static func skipUnquoted(_ base: UnsafePointer<UInt8>, from i: Int, to n: Int) -> Int {
        var i = i
        while i + 8 <= n {
            let w = word(base, i)
            let marks = equal(w, 0x22) | equal(w, 0x5C)
            if marks != 0 { return i + marks.trailingZeroBitCount >> 3 }
            i += 8
        }
        return i
    }

    /// As `skipUnquoted`, also stopping at a control character (< 0x20, which a string may not
    /// hold) and at a byte of a multi-byte character (whose UTF-8 must be checked); `html`: also
    /// at `<`, `>` and `&`, which JSONWriter escapes as Go's encoder does.
    @inline(__always)
    static func skipPlainASCII(_ base: UnsafePointer<UInt8>, from i: Int, to n: Int, html: Bool = false) -> Int {
        var i = i
        while i + 8 <= n {
            let w = word(base, i)
            // (w - 0x20…) & ~w marks the bytes below 0x20; a byte with its high bit set is marked by w itself.
            var marks = (w & highs) | ((w &- ones &* 0x20) & ~w & highs) | equal(w, 0x22) | equal(w, 0x5C)
            if html { marks |= equal(w, 0x3C) | equal(w, 0x3E) | equal(w, 0x26) }
            if marks != 0 { return i + marks.trailingZeroBitCount >> 3 }
            i += 8
        }
        return i
    }
}
