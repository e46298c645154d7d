/// The instant of a log line's timestamp (RFC 3339 with up to nine fraction digits, as the
/// kubelet writes them with `timestamps=true`), compared exactly: no floating point, so
/// `…15.44Z` and `…15.440000000Z` are the same instant and `…15.44Z` < `…15.442Z`.
public struct LogTimestamp: Comparable, Hashable, Sendable {
    public var seconds: Int64
    public var nanoseconds: Int32

    public init(seconds: Int64, nanoseconds: Int32) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    public static func < (a: LogTimestamp, b: LogTimestamp) -> Bool {
        a.seconds != b.seconds ? a.seconds < b.seconds : a.nanoseconds < b.nanoseconds
    }

    public static func parse(_ text: String) -> LogTimestamp? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    public static func parse(_ bytes: UnsafeRawBufferPointer) -> LogTimestamp? {
        let n = bytes.count
        guard n >= 20 else { return nil }
        func digits(_ start: Int, _ length: Int) -> Int? {
            guard start + length <= n else { return nil }
            var value = 0
            for i in start..<(start + length) {
                let b = bytes[i]
                guard b >= 48 && b <= 57 else { return nil }
                value = value * 10 + Int(b - 48)
            }
            return value
        }
        guard let year = digits(0, 4), bytes[4] == UInt8(ascii: "-"), let month = digits(5, 2),
            bytes[7] == UInt8(ascii: "-"), let day = digits(8, 2),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            let hour = digits(11, 2), bytes[13] == UInt8(ascii: ":"), let minute = digits(14, 2),
            bytes[16] == UInt8(ascii: ":"), let second = digits(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var nanos = 0
        if index < n && bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            var scale = 100_000_000
            while index < n, bytes[index] >= 48, bytes[index] <= 57 {
                // Digits past the ninth carry nothing a nanosecond clock can hold.
                nanos += Int(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            if index == start { return nil }
        }
        guard index < n else { return nil }
        var offset = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[index] == UInt8(ascii: "+") ? 1 : -1
            guard let oh = digits(index + 1, 2), index + 3 < n, bytes[index + 3] == UInt8(ascii: ":"),
                let om = digits(index + 4, 2)
            else { return nil }
            offset = sign * (oh * 3600 + om * 60)
            index += 6
        default:
            return nil
        }
        guard index == n else { return nil }
        let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
        let total = days * 86400 + hour * 3600 + minute * 60 + second - offset
        return LogTimestamp(seconds: Int64(total), nanoseconds: Int32(nanos))
    }
}
