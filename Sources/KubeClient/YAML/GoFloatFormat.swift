/// The two ways Go prints a float that matter when YAML becomes JSON: `encoding/json`
/// for values (`.5` → `0.5`, `1e21` → `1e+21`) and `strconv.FormatFloat(f, 'g', -1, 32)`,
/// which sigs.k8s.io/yaml uses for float mapping keys. Both start from the shortest
/// digits that round-trip, which Swift's `description` also produces.
enum GoFloatFormat {
    /// Shortest round-tripping decimal digits: value = 0.d₁d₂… × 10^decimalPoint.
    struct Digits {
        var digits: [UInt8] = []
        var decimalPoint = 0
        var negative = false
    }

    static func jsonText(_ value: Double) -> String {
        let abs = value.magnitude
        var digits = shortestDigits(value.description)
        if value == 0 { digits.negative = value.sign == .minus }
        var out: [UInt8] = []
        if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
            appendExponent(digits, into: &out)
            // encoding/json trims "e-07" to "e-7".
            let n = out.count
            if n >= 4 && out[n - 4] == UInt8(ascii: "e") && out[n - 3] == UInt8(ascii: "-")
                && out[n - 2] == UInt8(ascii: "0")
            {
                out[n - 2] = out[n - 1]
                out.removeLast()
            }
        } else {
            appendFixed(digits, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `strconv.FormatFloat(v, 'g', -1, 32)` with sigs.k8s.io/yaml's names for the
    /// non-finite values.
    static func keyText(_ value: Double) -> String {
        let single = Float(value)
        if single.isNaN { return ".nan" }
        if single.isInfinite { return single < 0 ? "-.inf" : ".inf" }
        var digits = shortestDigits(single.description)
        if single == 0 { digits.negative = single.sign == .minus }
        var out: [UInt8] = []
        let exponent = digits.digits.isEmpty ? 0 : digits.decimalPoint - 1
        if exponent < -4 || exponent >= 6 {
            appendExponent(digits, into: &out)
        } else {
            appendFixed(digits, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads Swift's shortest representation ("1.5e-07", "123.0", "-0.0") into digits.
    static func shortestDigits(_ text: String) -> Digits {
        var result = Digits()
        var mantissa: [UInt8] = []
        var pointOffset = 0
        var sawPoint = false
        var exponent = 0
        var exponentNegative = false
        var inExponent = false
        for c in text.utf8 {
            switch c {
            case UInt8(ascii: "-"):
                if inExponent { exponentNegative = true } else { result.negative = true }
            case UInt8(ascii: "+"):
                break
            case UInt8(ascii: "."):
                sawPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                inExponent = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if inExponent {
                    exponent = exponent * 10 + Int(c - UInt8(ascii: "0"))
                } else {
                    mantissa.append(c)
                    if !sawPoint { pointOffset += 1 }
                }
            default:
                break
            }
        }
        if exponentNegative { exponent = -exponent }
        var leading = 0
        while leading < mantissa.count && mantissa[leading] == UInt8(ascii: "0") { leading += 1 }
        var trailing = mantissa.count
        while trailing > leading && mantissa[trailing - 1] == UInt8(ascii: "0") { trailing -= 1 }
        if leading == trailing { return Digits(digits: [], decimalPoint: 0, negative: result.negative) }
        result.digits = Array(mantissa[leading..<trailing])
        result.decimalPoint = pointOffset + exponent - leading
        return result
    }

    /// strconv's `%f` with the shortest precision.
    private static func appendFixed(_ d: Digits, into out: inout [UInt8]) {
        if d.negative { out.append(UInt8(ascii: "-")) }
        let nd = d.digits.count
        if d.decimalPoint > 0 {
            for i in 0..<d.decimalPoint { out.append(i < nd ? d.digits[i] : UInt8(ascii: "0")) }
        } else {
            out.append(UInt8(ascii: "0"))
        }
        let precision = max(nd - d.decimalPoint, 0)
        if precision > 0 {
            out.append(UInt8(ascii: "."))
            for i in 1...precision {
                let index = d.decimalPoint + i - 1
                out.append(index >= 0 && index < nd ? d.digits[index] : UInt8(ascii: "0"))
            }
        }
    }

    /// strconv's `%e` with the shortest precision: at least two exponent digits.
    private static func appendExponent(_ d: Digits, into out: inout [UInt8]) {
        if d.negative { out.append(UInt8(ascii: "-")) }
        out.append(d.digits.first ?? UInt8(ascii: "0"))
        if d.digits.count > 1 {
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: d.digits[1...])
        }
        out.append(UInt8(ascii: "e"))
        var exponent = d.digits.isEmpty ? 0 : d.decimalPoint - 1
        if exponent < 0 {
            out.append(UInt8(ascii: "-"))
            exponent = -exponent
        } else {
            out.append(UInt8(ascii: "+"))
        }
        if exponent < 10 {
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "0") + UInt8(exponent))
        } else {
            out.append(contentsOf: String(exponent).utf8)
        }
    }
}
