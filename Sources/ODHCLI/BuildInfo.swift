import CBuildStamp

/// The version and commit this binary was stamped with (`scripts/stamp-version.py`, run by
/// `make build|install|dist`); `dev` / `unknown` for a plain `swift build`.
struct BuildInfo: Sendable, Equatable {
    var version: String
    var commit: String

    static let unstamped = BuildInfo(version: "dev", commit: "unknown")

    static var current: BuildInfo {
        parse(String(cString: odh_build_stamp_fields()))
    }

    /// Reads `key=value` lines; a missing or empty field keeps its unstamped default.
    static func parse(_ text: String) -> BuildInfo {
        var info = unstamped
        for line in text.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            let value = String(line[line.index(after: eq)...])
            guard !value.isEmpty else { continue }
            switch line[..<eq] {
            case "version": info.version = value
            case "commit": info.commit = value
            default: continue
            }
        }
        return info
    }
}
