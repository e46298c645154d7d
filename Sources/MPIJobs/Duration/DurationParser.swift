/// Go's `time.ParseDuration` syntax, the one kubectl's duration flags use (`--timeout`,
/// `--since`, `--request-timeout`): a sequence of decimal numbers with units, such as
/// `90s`, `1h30m`, `1.5h`, `500ms`, `2h45m30.5s`. Units are `ns`, `us` (or `µs`, `μs`),
/// `ms`, `s`, `m`, `h`; there is no `d`, as in Go.
///
/// A number without a unit is refused except `0`, exactly as Go does, because kubectl
/// refuses `--timeout=30`: accepting it here would make scripts that work with this tool
/// fail with kubectl. The one kubectl flag that takes bare seconds is `--request-timeout`
/// (client-go appends `s` to a bare integer); callers pass `bareIntegerIsSeconds: true`
/// for it.
///
/// The result is a `Swift.Duration` with nanosecond precision, limited like Go's to
/// ±2⁶³−1 ns (about 292 years).
public enum DurationParser {
    public static func parse(
        _ text: String, allowNegative: Bool = false, bareIntegerIsSeconds: Bool = false
    ) throws(DurationError) -> Duration {
        let nanoseconds = try parseNanoseconds(text, bareIntegerIsSeconds: bareIntegerIsSeconds)
        if nanoseconds < 0 && !allowNegative {
            throw DurationError(text: text, reason: "must not be negative")
        }
        return .nanoseconds(nanoseconds)
    }

    /// Whole seconds for fields such as `ttlSecondsAfterFinished`: `90s` and `2h` are fine,
    /// `1.5s` or `500ms` are refused rather than silently rounded (0 would mean "now").
    public static func parseWholeSeconds(_ text: String) throws(DurationError) -> Int {
        let nanoseconds = try parseNanoseconds(text, bareIntegerIsSeconds: false)
        if nanoseconds < 0 { throw DurationError(text: text, reason: "must not be negative") }
        guard nanoseconds % 1_000_000_000 == 0 else {
            throw DurationError(text: text, reason: "must be a whole number of seconds")
        }
        return Int(nanoseconds / 1_000_000_000)
    }

    /// Seconds as a Double, for timeouts and sleeps.
    public static func parseSeconds(_ text: String, allowNegative: Bool = false) throws(DurationError) -> Double {
        let duration = try parse(text, allowNegative: allowNegative)
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    private static let units: [(name: String, nanoseconds: Int64)] = [
        ("ns", 1), ("us", 1_000), ("µs", 1_000), ("μs", 1_000), ("ms", 1_000_000),
        ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000),
    ]

    private static func parseNanoseconds(_ text: String, bareIntegerIsSeconds: Bool) throws(DurationError) -> Int64 {
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        if rest.isEmpty { throw DurationError(text: text, reason: "expected a number with a unit, such as 30s or 5m") }
        if bareIntegerIsSeconds, rest.allSatisfy(\.isASCIIDigit) {
            rest += "s"
        }

        let limit = Int128(Int64.max) + (negative ? 1 : 0)
        var total: Int128 = 0
        while !rest.isEmpty {
            let whole = rest.prefix(while: \.isASCIIDigit)
            rest = rest.dropFirst(whole.count)
            var fraction: Substring = ""
            if rest.first == "." {
                rest = rest.dropFirst()
                fraction = rest.prefix(while: \.isASCIIDigit)
                rest = rest.dropFirst(fraction.count)
            }
            if whole.isEmpty && fraction.isEmpty {
                throw DurationError(text: text, reason: "expected a number at \"\(rest)\"")
            }
            let unitText = rest.prefix(while: { !$0.isASCIIDigit && $0 != "." })
            rest = rest.dropFirst(unitText.count)
            if unitText.isEmpty {
                throw DurationError(text: text, reason: "missing unit (for example \"\(whole)\(fraction.isEmpty ? "" : ".")\(fraction)s\")")
            }
            guard let unit = units.first(where: { $0.name == unitText })?.nanoseconds else {
                throw DurationError(text: text, reason: "unknown unit \"\(unitText)\" (valid units are ns, us, ms, s, m, h)")
            }
            total += try amount(whole: whole, fraction: fraction, unit: Int128(unit), limit: limit, text: text)
            if total > limit { throw tooLarge(text) }
        }
        return Int64(negative ? -total : total)
    }

    /// whole.fraction × unit in nanoseconds, truncated like Go; 18 fraction digits are more
    /// than a nanosecond needs even for hours.
    private static func amount(
        whole: Substring, fraction: Substring, unit: Int128, limit: Int128, text: String
    ) throws(DurationError) -> Int128 {
        var value: Int128 = 0
        for digit in whole.utf8 {
            value = value * 10 + Int128(digit - UInt8(ascii: "0"))
            if value > limit { throw tooLarge(text) }
        }
        value *= unit
        if value > limit { throw tooLarge(text) }
        var numerator: Int128 = 0
        var denominator: Int128 = 1
        for digit in fraction.utf8.prefix(18) {
            numerator = numerator * 10 + Int128(digit - UInt8(ascii: "0"))
            denominator *= 10
        }
        return value + numerator * unit / denominator
    }

    private static func tooLarge(_ text: String) -> DurationError {
        DurationError(text: text, reason: "too large (the maximum is 2562047h47m16.854775807s)")
    }
}

/// Why a text is not a duration; the message quotes it.
public struct DurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public let reason: String

    public init(text: String, reason: String) {
        self.text = text
        self.reason = reason
    }

    public var description: String { "invalid duration \"\(text)\": \(reason)" }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
