/// The bytes written before each line when several pods' logs are merged, in the style of
/// `docker compose logs`: the pod's short name padded to the longest, then ` | `, so the
/// lines of every pod start in the same column. With color the name and bar take one of a
/// fixed palette by slot (launcher 0, worker i at i+1), stable across runs.
public struct LogPrefix: Sendable {
    /// ANSI colors, red left out: it reads as an error.
    static let palette = ["36", "32", "33", "35", "34", "96", "92", "93", "95", "94"]

    public let width: Int
    public let color: Bool

    /// `labels`: every name that may appear (also those of pods not there yet), so the
    /// column does not shift when a pod shows up later.
    public init(labels: [String], color: Bool) {
        width = labels.map(\.count).max() ?? 0
        self.color = color
    }

    public func render(_ label: String, slot: Int) -> [UInt8] {
        let padding = String(repeating: " ", count: max(0, width - label.count))
        guard color else { return Array("\(label)\(padding) | ".utf8) }
        let code = Self.palette[((slot % Self.palette.count) + Self.palette.count) % Self.palette.count]
        return Array("\u{1B}[\(code)m\(label)\(padding) |\u{1B}[0m ".utf8)
    }
}
