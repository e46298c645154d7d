/// An unbounded unsigned integer, just big enough for parsing quantities exactly.
///
/// A quantity such as `0.123456789012345678901Ei` must be rounded up to whole nano units
/// the way Kubernetes does it (`inf.Dec` with `RoundUp`). Doing that with fixed-width
/// integers would either overflow or round twice, so the parser builds the exact value
/// here first. Only the four operations the parser needs exist; inputs are short (the
/// parser caps their length), so the simple quadratic algorithms are plenty.
struct Magnitude: Sendable {
    /// Little-endian base-2^32 limbs, no trailing zero limbs (zero is `[]`).
    private var limbs: [UInt32] = []

    init() {}

    var isZero: Bool { limbs.isEmpty }

    /// self = self × factor + addend
    mutating func multiply(by factor: UInt32, adding addend: UInt32 = 0) {
        var carry = UInt64(addend)
        for index in limbs.indices {
            let product = UInt64(limbs[index]) * UInt64(factor) + carry
            limbs[index] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry != 0 { limbs.append(UInt32(carry)) }
        trim()
    }

    /// self = self / divisor; returns the remainder.
    mutating func divide(by divisor: UInt32) -> UInt32 {
        var remainder: UInt64 = 0
        for index in limbs.indices.reversed() {
            let current = (remainder << 32) | UInt64(limbs[index])
            limbs[index] = UInt32(current / UInt64(divisor))
            remainder = current % UInt64(divisor)
        }
        trim()
        return UInt32(remainder)
    }

    /// The value, or nil when it does not fit in 127 bits.
    var int128: Int128? {
        guard limbs.count <= 4 else { return nil }
        var result: UInt128 = 0
        for limb in limbs.reversed() { result = (result << 32) | UInt128(limb) }
        guard result <= UInt128(Int128.max) else { return nil }
        return Int128(result)
    }

    private mutating func trim() {
        while limbs.last == 0 { limbs.removeLast() }
    }
}
