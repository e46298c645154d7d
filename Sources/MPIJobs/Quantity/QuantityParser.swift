/// Parsing follows the grammar of `k8s.io/apimachinery/pkg/api/resource`:
///
///     <quantity>        ::= <signedNumber><suffix>
///     <signedNumber>    ::= [+-] <digits> | [+-] <digits>.<digits>? | [+-] .<digits>
///     <suffix>          ::= <binarySI> | <decimalSI> | <decimalExponent>
///     <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei
///     <decimalSI>       ::= n | u | m | "" | k | M | G | T | P | E
///     <decimalExponent> ::= e <signedInteger> | E <signedInteger>
///
/// It is the pattern the API server enforces on CRD quantities (the MPIJob CRD has it on
/// every `resources` map), which is slightly stricter than Go's `ParseQuantity`: that one
/// also takes `Gi` or `-` alone as zero, which no one means. As in Go, the exponent must
/// be an integer (`1e1.5` fails), values finer than 1n round up to 1n, and `1E` is exa.
extension Quantity {
    /// Longer texts are refused: the exact rounding below is quadratic in the digit count,
    /// and no real quantity comes close.
    static let maxTextLength = 512

    public init(parsing text: String) throws(QuantityError) {
        self = try QuantityParser.parse(text)
    }
}

private enum QuantityParser {
    static let suffixHint =
        "expected a number with an optional suffix: Ki Mi Gi Ti Pi Ei, n u m k M G T P E, or an exponent such as e3"

    static func parse(_ text: String) throws(QuantityError) -> Quantity {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw .invalid(text, reason: "empty quantity") }
        guard bytes.count <= Quantity.maxTextLength else {
            throw .invalid(String(text.prefix(40)) + "…", reason: "longer than \(Quantity.maxTextLength) characters")
        }

        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
        }
        let integerDigits = digits(bytes, from: &index)
        var fractionDigits: ArraySlice<UInt8> = []
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            fractionDigits = digits(bytes, from: &index)
        }
        let suffixText = String(decoding: bytes[index...], as: UTF8.self)
        if integerDigits.isEmpty && fractionDigits.isEmpty {
            if !suffixText.isEmpty, Suffix(suffixText) != nil {
                throw .invalid(text, reason: "a number must come before the suffix \"\(suffixText)\"")
            }
            throw .invalid(text, reason: suffixHint)
        }
        guard let suffix = Suffix(suffixText) else {
            let first = bytes[index]
            let isLetter = (first | 0x20) >= UInt8(ascii: "a") && (first | 0x20) <= UInt8(ascii: "z")
            if !isLetter {
                let number = String(decoding: bytes[..<index], as: UTF8.self)
                throw .invalid(text, reason: "unexpected \"\(suffixText)\" after the number \"\(number)\"")
            }
            throw .invalid(text, reason: "unknown suffix \"\(suffixText)\"; \(suffixHint)")
        }
        let nanos = try nanoValue(
            integerDigits: integerDigits, fractionDigits: fractionDigits, suffix: suffix, text: text)
        return Quantity(nanoValue: negative ? -nanos : nanos, format: suffix.format)
    }

    private static func digits(_ bytes: [UInt8], from index: inout Int) -> ArraySlice<UInt8> {
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            index += 1
        }
        return bytes[start..<index]
    }

    /// The magnitude in nano units, rounded up as Kubernetes rounds (`inf.RoundUp`).
    private static func nanoValue(
        integerDigits: ArraySlice<UInt8>, fractionDigits: ArraySlice<UInt8>, suffix: Suffix, text: String
    ) throws(QuantityError) -> Int128 {
        // value = significand × 10^power10 × 2^power2, with power10 counted in nano units.
        var significand = Array(integerDigits) + Array(fractionDigits)
        while significand.first == UInt8(ascii: "0") { significand.removeFirst() }
        var power10 = suffix.decimalExponent - fractionDigits.count + 9
        while significand.last == UInt8(ascii: "0") {
            significand.removeLast()
            power10 += 1
        }
        if significand.isEmpty { return 0 }

        let tooLarge = QuantityError.invalid(
            text, reason: "larger than the largest quantity Kubernetes can hold (9223372036854775807)")
        // Cheap bound first so a huge exponent never reaches the loops below: the value is at
        // least 10^(digits−1+power10) nano units, and the cap is below 10^28.
        if significand.count - 1 + power10 >= 28 { throw tooLarge }

        var magnitude = Magnitude()
        for digit in significand { magnitude.multiply(by: 10, adding: UInt32(digit - UInt8(ascii: "0"))) }
        for _ in 0..<(suffix.binaryExponent / 10) { magnitude.multiply(by: 1024) }

        if power10 >= 0 {
            for _ in 0..<power10 { magnitude.multiply(by: 10) }
        } else {
            // The numerator has fewer than digits+19 decimal digits (2^60 < 10^19): dividing by
            // a larger power of ten leaves a non-zero value below 1n, which rounds up to 1n.
            let divisions = -power10
            if divisions > significand.count + 19 { return 1 }
            var inexact = false
            for _ in 0..<divisions where magnitude.divide(by: 10) != 0 { inexact = true }
            if inexact { magnitude.multiply(by: 1, adding: 1) }
        }
        guard let nanos = magnitude.int128, nanos <= Quantity.maxParsedNanos else { throw tooLarge }
        return nanos
    }
}

/// One of the three suffix families, with the power it stands for.
private struct Suffix {
    var format: Quantity.Format
    var decimalExponent: Int
    var binaryExponent: Int

    init?(_ text: String) {
        switch text {
        case "": self.init(.decimalSI, decimal: 0)
        case "n": self.init(.decimalSI, decimal: -9)
        case "u": self.init(.decimalSI, decimal: -6)
        case "m": self.init(.decimalSI, decimal: -3)
        case "k": self.init(.decimalSI, decimal: 3)
        case "M": self.init(.decimalSI, decimal: 6)
        case "G": self.init(.decimalSI, decimal: 9)
        case "T": self.init(.decimalSI, decimal: 12)
        case "P": self.init(.decimalSI, decimal: 15)
        case "E": self.init(.decimalSI, decimal: 18)
        case "Ki": self.init(.binarySI, binary: 10)
        case "Mi": self.init(.binarySI, binary: 20)
        case "Gi": self.init(.binarySI, binary: 30)
        case "Ti": self.init(.binarySI, binary: 40)
        case "Pi": self.init(.binarySI, binary: 50)
        case "Ei": self.init(.binarySI, binary: 60)
        default:
            guard let exponent = Self.exponent(text) else { return nil }
            self.init(.decimalExponent, decimal: exponent)
        }
    }

    private init(_ format: Quantity.Format, decimal: Int = 0, binary: Int = 0) {
        self.format = format
        decimalExponent = decimal
        binaryExponent = binary
    }

    /// `e3`, `E-6`, `e+2`. Saturates far beyond any representable value (±10⁶) so that an
    /// absurd exponent is reported as too large, or rounds up to 1n, instead of overflowing.
    private static func exponent(_ text: String) -> Int? {
        var bytes = Substring(text).utf8[...]
        guard let first = bytes.popFirst(), first == UInt8(ascii: "e") || first == UInt8(ascii: "E") else {
            return nil
        }
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            negative = sign == UInt8(ascii: "-")
            bytes.removeFirst()
        }
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = Swift.min(value * 10 + Int(byte - UInt8(ascii: "0")), 1_000_000)
        }
        return negative ? -value : value
    }
}
