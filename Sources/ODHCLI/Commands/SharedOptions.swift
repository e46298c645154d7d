import MPIJobs

/// Option declarations used by more than one command, so they read the same everywhere.
enum SharedOptions {
    static func output(_ formats: [OutputFormat], default defaultFormat: OutputFormat? = nil) -> OptionSpec {
        OptionSpec(long: "output", short: "o", kind: .value, valueName: "FORMAT",
                   help: "output format: " + formats.map(\.rawValue).joined(separator: "|"),
                   completion: .choices(formats.map(\.rawValue)), defaultValue: defaultFormat?.rawValue)
    }

    static let selector = OptionSpec(long: "selector", short: "l", kind: .value, valueName: "SELECTOR",
                                     help: "label selector, e.g. team=nlp,tier!=dev")
    static let noHeaders = OptionSpec(long: "no-headers", kind: .flag, help: "print tables without the header line")

    static let timeout = OptionSpec(long: "timeout", kind: .value, valueName: "DURATION",
                                    help: "give up after this long and exit 5, e.g. 90s, 30m, 2h",
                                    defaultValue: "no limit")

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

    /// The one job `logs` or `top` works on: exactly one name, in one namespace.
    static func singleJobName(_ parsed: ParsedArguments, globals: GlobalOptions, verb: String, hint: String)
        throws(UsageError) -> String
    {
        guard parsed.positionals.count == 1 else {
            throw UsageError(parsed.positionals.isEmpty ? "\(verb) needs the name of an MPIJob" : "\(verb) takes one MPIJob name",
                             hint: hint)
        }
        if globals.allNamespaces { throw UsageError("\(verb) works on one job in one namespace; -A does not apply") }
        return parsed.positionals[0]
    }

    static let status = OptionSpec(long: "status", kind: .value, valueName: "STATUS,...",
                                   help: "only jobs in these states (comma-separated): "
                                       + JobPhase.allCases.map(\.rawValue).joined(separator: ", "),
                                   completion: .choices(JobPhase.allCases.map(\.rawValue)))

    /// `--status Running,failed`: states in any case; a typo gets the nearest one as a hint.
    static func parseStatuses(_ parsed: ParsedArguments) throws(UsageError) -> [JobPhase] {
        guard let raw = parsed.string("status") else { return [] }
        var statuses: [JobPhase] = []
        for word in raw.split(separator: ",") {
            let text = String(word).trimmingCharacters(in: [" "])
            guard let phase = JobPhase(caseInsensitive: text) else {
                let names = JobPhase.allCases.map(\.rawValue)
                throw UsageError("unknown status \"\(text)\": use one of \(names.joined(separator: ", "))",
                                 hint: Suggestion.closest(to: text, in: names).map { "did you mean \($0)?" })
            }
            statuses.append(phase)
        }
        return statuses
    }

    static let chunkSize = OptionSpec(
        long: "chunk-size", kind: .value, valueName: "N",
        help: "list in requests of N objects (as kubectl's --chunk-size); 0 asks for all at once",
        defaultValue: "0")

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
