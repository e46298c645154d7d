import KubeClient

/// A Kubernetes `resource.Quantity` (`500m`, `16Gi`, `1e3`), kept exactly.
///
/// The value is stored as a whole number of nano units (10⁻⁹), the finest precision
/// Kubernetes keeps: it rounds anything finer up to 1n when it parses. An `Int128` of nano
/// units holds every quantity Kubernetes can represent (at most 2⁶³−1 units) with room
/// for the sums a quota check makes, so arithmetic is exact and overflow is an error.
///
/// Equality and ordering compare values, as Kubernetes' `Cmp` does: `1Gi == 1073741824`.
/// The `format` only decides how `description` prints the value.
public struct Quantity: Sendable, Hashable, Comparable {
    /// How the quantity was written, which Kubernetes keeps to print it back alike.
    public enum Format: Sendable, Hashable {
        /// `500m`, `2`, `1k`, `100M`
        case decimalSI
        /// `16Gi`, `512Mi`
        case binarySI
        /// `1e3`, `5e-3`
        case decimalExponent
    }

    /// The value in units of 10⁻⁹.
    public let nanoValue: Int128
    public let format: Format

    static let nanosPerUnit: Int128 = 1_000_000_000

    /// The largest magnitude Kubernetes represents (it clamps to 2⁶³−1 units; we refuse).
    static let maxParsedNanos = Int128(Int64.max) * nanosPerUnit

    public init(nanoValue: Int128, format: Format = .decimalSI) {
        self.nanoValue = nanoValue
        self.format = format
    }

    /// A whole number of units, e.g. `Quantity(4)` GPUs or pods.
    public init(_ units: Int, format: Format = .decimalSI) {
        self.init(nanoValue: Int128(units) * Self.nanosPerUnit, format: format)
    }

    public static let zero = Quantity(nanoValue: 0)

    public var isZero: Bool { nanoValue == 0 }
    public var isNegative: Bool { nanoValue < 0 }

    /// Whole units, rounded up (away from zero) like Kubernetes' `Value()`.
    public var value: Int128 { Self.divideRoundingUp(nanoValue, by: Self.nanosPerUnit) }

    /// Milli units rounded up, like `MilliValue()`: CPU in millicores.
    public var milliValue: Int128 { Self.divideRoundingUp(nanoValue, by: 1_000_000) }

    /// An approximation for ratios and bars; never for comparisons.
    public var doubleValue: Double { Double(nanoValue) / 1e9 }

    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.nanoValue < rhs.nanoValue }
    public static func == (lhs: Quantity, rhs: Quantity) -> Bool { lhs.nanoValue == rhs.nanoValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(nanoValue) }

    private static func divideRoundingUp(_ value: Int128, by divisor: Int128) -> Int128 {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        if remainder == 0 { return quotient }
        return value > 0 ? quotient + 1 : quotient - 1
    }
}

// MARK: - Arithmetic

extension Quantity {
    /// The sum; a zero receiver takes the other's format, as Kubernetes' `Add` does, so a
    /// sum started from `.zero` prints like its first term.
    public func adding(_ other: Quantity) throws(QuantityError) -> Quantity {
        let (sum, overflow) = nanoValue.addingReportingOverflow(other.nanoValue)
        if overflow { throw .outOfRange("\(self) + \(other)") }
        return Quantity(nanoValue: sum, format: isZero ? other.format : format)
    }

    public func subtracting(_ other: Quantity) throws(QuantityError) -> Quantity {
        let (difference, overflow) = nanoValue.subtractingReportingOverflow(other.nanoValue)
        if overflow { throw .outOfRange("\(self) - \(other)") }
        return Quantity(nanoValue: difference, format: isZero ? other.format : format)
    }

    public func multiplied(by factor: Int) throws(QuantityError) -> Quantity {
        let (product, overflow) = nanoValue.multipliedReportingOverflow(by: Int128(factor))
        if overflow { throw .outOfRange("\(self) × \(factor)") }
        return Quantity(nanoValue: product, format: format)
    }

    /// The larger of two quantities (an init container against the app containers).
    public static func max(_ a: Quantity, _ b: Quantity) -> Quantity { b > a ? b : a }
}

// MARK: - Errors

/// Why a text is not a quantity, or why arithmetic left the representable range.
public enum QuantityError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text and the reason, e.g. `("16GB", "unknown suffix \"GB\" ...")`.
    case invalid(String, reason: String)
    /// An arithmetic result too large to hold; the expression is shown.
    case outOfRange(String)

    public var description: String {
        switch self {
        case .invalid(let text, let reason):
            return "invalid quantity \"\(text)\": \(reason)"
        case .outOfRange(let expression):
            return "quantity out of range: \(expression)"
        }
    }
}

// MARK: - JSON

extension Quantity {
    /// A quantity as it appears in an object: a string (`"16Gi"`) or a number (`2`, `0.5`),
    /// since YAML `cpu: 2` arrives as a number.
    public init(json: JSON) throws(QuantityError) {
        switch json {
        case .string(let text), .number(let text):
            try self.init(parsing: text)
        default:
            throw .invalid(json.compactText, reason: "expected a string or a number, got \(json.kindName)")
        }
    }

    /// The form Kubernetes writes back: always a string.
    public var json: JSON { .string(description) }
}
