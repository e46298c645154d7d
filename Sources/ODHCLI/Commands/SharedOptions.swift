import MPIJobs

/// Option declarations used by more than one command, so they read the same everywhere.
enum SharedOptions {
    static func output(_ formats: [OutputFormat]) -> OptionSpec {
        OptionSpec(long: "output", short: "o", kind: .value, valueName: "FORMAT",
                   help: "output format: " + formats.map(\.rawValue).joined(separator: "|"),
                   completion: .choices(formats.map(\.rawValue)))
    }

    static let selector = OptionSpec(long: "selector", short: "l", kind: .value, valueName: "SELECTOR",
                                     help: "label selector, e.g. team=nlp,tier!=dev")
    static let noHeaders = OptionSpec(long: "no-headers", kind: .flag, help: "print tables without the header line")

    static let timeout = OptionSpec(long: "timeout", kind: .value, valueName: "DURATION",
                                    help: "give up after this long, exit 5 (e.g. 90s, 30m, 2h; default: no limit)")

    /// `--timeout`: a Go duration; 0 or absent means no limit.
    static func parseTimeout(_ parsed: ParsedArguments) throws(UsageError) -> Double? {
        guard let raw = parsed.string("timeout") else { return nil }
        do {
            let seconds = try DurationParser.parseSeconds(raw)
            return seconds == 0 ? nil : seconds
        } catch {
            throw UsageError("--timeout: \(error)", hint: "use e.g. 90s, 30m or 2h")
        }
    }

    static let chunkSize = OptionSpec(
        long: "chunk-size", kind: .value, valueName: "N",
        help: "list in requests of N objects (as kubectl's --chunk-size); 0, the default, asks for all at once")

    /// `--chunk-size`: 0 or absent lists in one request (see docs/performance.md).
    static func parseChunkSize(_ parsed: ParsedArguments) throws(UsageError) -> Int {
        guard let raw = parsed.string("chunk-size") else { return 0 }
        guard let value = Int(raw), value >= 0 else {
            throw UsageError("invalid argument \"\(raw)\" for \"--chunk-size\" flag: must be a whole number, 0 or more",
                             hint: "0 lists in one request; kubectl pages by 500")
        }
        return value
    }
}
