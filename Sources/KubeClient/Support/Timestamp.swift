#if canImport(Glibc)
import Glibc
#endif

/// RFC 3339 timestamps as Kubernetes writes them (`2026-11-24T01:21:07Z`, with optional
/// fractional seconds and offset), as seconds since the Unix epoch.
public enum Timestamp {
    /// One parser for every timestamp (the exact one the log resume needs), seen here as
    /// a Double for ages and sorting.
    public static func parse(_ text: String) -> Double? {
        guard let instant = LogTimestamp.parse(text) else { return nil }
        return Double(instant.seconds) + Double(instant.nanoseconds) / 1_000_000_000
    }

    /// Howard Hinnant's days-from-civil: no calendar library needed.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public static func format(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.down))
        var days = whole / 86400
        var rest = whole % 86400
        if rest < 0 {
            rest += 86400
            days -= 1
        }
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
    }

    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1_000_000_000
    }
}
