/// Timestamp recognition. go-yaml v2 decodes timestamps into `interface{}` as their text,
/// so for reading they are strings; but its encoder quotes anything that looks like one
/// (kubectl prints `creationTimestamp: "2024-01-01T00:00:00Z"`), and PyYAML would turn
/// them into dates, so the writer must know them.
enum YAMLTimestamp {
    typealias Bytes = RandomAccessCollection<UInt8>

    /// go-yaml v2's `parseTimestamp`: Go's `time.Parse` with the layouts
    /// `2006-1-2T15:4:5.999999999Z07:00`, the same with `t`, `2006-1-2 15:4:5.999999999`
    /// and `2006-1-2`.
    static func isGoTimestamp<C: Bytes>(_ s: C) -> Bool where C.Index == Int {
        var scanner = Scanner(s)
        guard scanner.fixedDigits(4) != nil, scanner.peek == UInt8(ascii: "-") else { return false }
        scanner.index = s.startIndex
        guard let (year, month, day) = scanner.goDate() else { return false }
        guard month >= 1 && month <= 12, day >= 1, day <= daysIn(month: month, year: year) else { return false }
        if scanner.atEnd { return true }
        switch scanner.peek {
        case UInt8(ascii: "T"), UInt8(ascii: "t"):
            scanner.index += 1
            guard scanner.goClock() else { return false }
            guard scanner.goZone() else { return false }
        case UInt8(ascii: " "):
            while scanner.peek == UInt8(ascii: " ") { scanner.index += 1 }
            guard scanner.goClock() else { return false }
        default:
            return false
        }
        return scanner.atEnd
    }

    /// PyYAML's implicit timestamp pattern (YAML 1.1 type repository).
    static func isPyYAMLTimestamp<C: Bytes>(_ s: C) -> Bool where C.Index == Int {
        var scanner = Scanner(s)
        guard scanner.fixedDigits(4) != nil, scanner.take(UInt8(ascii: "-")) else { return false }
        let monthStart = scanner.index
        guard scanner.digits(1...2) != nil, scanner.take(UInt8(ascii: "-")) else { return false }
        let dayStart = scanner.index
        guard scanner.digits(1...2) != nil else { return false }
        if scanner.atEnd {
            // The date-only form needs two-digit month and day.
            return dayStart - monthStart == 3 && scanner.index - dayStart == 2
        }
        if scanner.peek == UInt8(ascii: "T") || scanner.peek == UInt8(ascii: "t") {
            scanner.index += 1
        } else {
            guard scanner.skipBlanks() > 0 else { return false }
        }
        guard scanner.digits(1...2) != nil, scanner.take(UInt8(ascii: ":")),
            scanner.fixedDigits(2) != nil, scanner.take(UInt8(ascii: ":")),
            scanner.fixedDigits(2) != nil
        else { return false }
        if scanner.take(UInt8(ascii: ".")) { _ = scanner.digits(0...Int.max) }
        _ = scanner.skipBlanks()
        if scanner.atEnd { return true }
        if scanner.take(UInt8(ascii: "Z")) { return scanner.atEnd }
        guard scanner.take(UInt8(ascii: "+")) || scanner.take(UInt8(ascii: "-")) else { return false }
        guard scanner.digits(1...2) != nil else { return false }
        if scanner.take(UInt8(ascii: ":")) {
            guard scanner.fixedDigits(2) != nil else { return false }
        }
        return scanner.atEnd
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private struct Scanner<C: Bytes> where C.Index == Int {
        let s: C
        var index: Int

        init(_ s: C) {
            self.s = s
            index = s.startIndex
        }

        var atEnd: Bool { index >= s.endIndex }
        var peek: UInt8? { index < s.endIndex ? s[index] : nil }

        mutating func take(_ c: UInt8) -> Bool {
            guard peek == c else { return false }
            index += 1
            return true
        }

        mutating func fixedDigits(_ count: Int) -> Int? { digits(count...count) }

        /// Reads between `range` digits greedily (Go's `getnum` and the regex `[0-9]{m,n}`).
        mutating func digits(_ range: ClosedRange<Int>) -> Int? {
            var value = 0
            var n = 0
            while n < range.upperBound, let c = peek, YAMLNumberSyntax.isDigit(c) {
                value = value &* 10 &+ Int(c - UInt8(ascii: "0"))
                n += 1
                index += 1
            }
            return n >= range.lowerBound ? value : nil
        }

        mutating func skipBlanks() -> Int {
            var n = 0
            while peek == UInt8(ascii: " ") || peek == UInt8(ascii: "\t") {
                index += 1
                n += 1
            }
            return n
        }

        mutating func goDate() -> (Int, Int, Int)? {
            guard let year = fixedDigits(4), take(UInt8(ascii: "-")),
                let month = digits(1...2), take(UInt8(ascii: "-")),
                let day = digits(1...2)
            else { return nil }
            return (year, month, day)
        }

        /// `15:4:5.999999999`: one- or two-digit fields, any number of fraction digits.
        mutating func goClock() -> Bool {
            guard let hour = digits(1...2), hour < 24, take(UInt8(ascii: ":")),
                let minute = digits(1...2), minute < 60, take(UInt8(ascii: ":")),
                let second = digits(1...2), second < 60
            else { return false }
            if let c = peek, c == UInt8(ascii: ".") || c == UInt8(ascii: ","),
                index + 1 < s.endIndex, YAMLNumberSyntax.isDigit(s[index + 1])
            {
                index += 1
                _ = digits(1...Int.max)
            }
            return true
        }

        /// `Z07:00`: `Z` or `±hh:mm`.
        mutating func goZone() -> Bool {
            if take(UInt8(ascii: "Z")) { return true }
            guard s.endIndex - index >= 6, s[index + 3] == UInt8(ascii: ":") else { return false }
            guard take(UInt8(ascii: "+")) || take(UInt8(ascii: "-")) else { return false }
            guard let hour = fixedDigits(2), take(UInt8(ascii: ":")), let minute = fixedDigits(2) else { return false }
            return hour <= 24 && minute <= 60
        }
    }
}
