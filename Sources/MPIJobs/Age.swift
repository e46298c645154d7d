import KubeClient

/// kubectl's compact durations (apimachinery `duration.HumanDuration`), so AGE columns
/// read the same as `kubectl get`.
public enum Age {
    public static func human(seconds: Double) -> String {
        if seconds < -1 { return "<invalid>" }
        if seconds < 0 { return "0s" }
        let total = Int(seconds)
        if total < 120 { return "\(total)s" }
        let minutes = total / 60
        if minutes < 10 {
            let s = total % 60
            return s == 0 ? "\(minutes)m" : "\(minutes)m\(s)s"
        }
        if minutes < 180 { return "\(minutes)m" }
        let hours = total / 3600
        if hours < 8 {
            let m = minutes % 60
            return m == 0 ? "\(hours)h" : "\(hours)h\(m)m"
        }
        if hours < 48 { return "\(hours)h" }
        if hours < 24 * 8 {
            let h = hours % 24
            return h == 0 ? "\(hours / 24)d" : "\(hours / 24)d\(h)h"
        }
        if hours < 24 * 365 * 2 { return "\(hours / 24)d" }
        if hours < 24 * 365 * 8 {
            let d = (hours / 24) % 365
            return d == 0 ? "\(hours / 24 / 365)y" : "\(hours / 24 / 365)y\(d)d"
        }
        return "\(hours / 24 / 365)y"
    }

    /// Age of a timestamp field relative to `now`; `<unknown>` as kubectl prints for none.
    public static func since(_ timestamp: String?, now: Double) -> String {
        guard let timestamp, let start = Timestamp.parse(timestamp) else { return "<unknown>" }
        return human(seconds: now - start)
    }
}
