/// Printing in Kubernetes' canonical form (`Quantity.String()`), so that what we print
/// matches what `kubectl` and the API server print for the same value:
///
/// - zero is `0`;
/// - a binary quantity of at least 1Ki that is a whole number prints with the largest
///   binary suffix that divides it (`1536Mi`, `16Gi`); below 1Ki, or fractional, it
///   prints as decimal (`512`, `102400m`) so nothing is rounded;
/// - a decimal quantity prints the shortest integer mantissa whose exponent is a multiple
///   of three, with that suffix (`1500m`, `2`, `1k`, `100M`), or as `e<exp>` when it was
///   written with an exponent (`1e3`, `1500`).
extension Quantity: CustomStringConvertible {
    public var description: String {
        if nanoValue == 0 { return "0" }
        let sign = nanoValue < 0 ? "-" : ""
        let magnitude = nanoValue.magnitude
        if format == .binarySI, magnitude >= 1024 * UInt128(Self.nanosPerUnit),
            magnitude % UInt128(Self.nanosPerUnit) == 0
        {
            return sign + Self.binary(magnitude / UInt128(Self.nanosPerUnit))
        }
        return sign + Self.decimal(magnitude, exponentForm: format == .decimalExponent)
    }

    private static let binarySuffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]

    private static func binary(_ units: UInt128) -> String {
        var mantissa = units
        var power = 0
        while power < binarySuffixes.count - 1, mantissa % 1024 == 0 {
            mantissa /= 1024
            power += 1
        }
        return "\(mantissa)\(binarySuffixes[power])"
    }

    private static let decimalSuffixes: [Int: String] = [
        -9: "n", -6: "u", -3: "m", 0: "", 3: "k", 6: "M", 9: "G", 12: "T", 15: "P", 18: "E",
    ]

    private static func decimal(_ nanos: UInt128, exponentForm: Bool) -> String {
        var mantissa = nanos
        var exponent = -9
        while mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
        // Down to a multiple of three: 15 × 10⁻¹ becomes 1500 × 10⁻³ (`1500m`).
        let excess = ((exponent % 3) + 3) % 3
        for _ in 0..<excess { mantissa *= 10 }
        exponent -= excess
        if exponentForm {
            return exponent == 0 ? "\(mantissa)" : "\(mantissa)e\(exponent)"
        }
        // Sums can exceed exa, the largest suffix: scale the mantissa instead.
        while exponent > 18 {
            mantissa *= 1000
            exponent -= 3
        }
        return "\(mantissa)\(decimalSuffixes[exponent] ?? "")"
    }
}
