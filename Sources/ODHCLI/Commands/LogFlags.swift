import KubeClient
import MPIJobs

/// The `kubectl logs`-like flags `mpijob logs` and `jobs logs` share, declared and checked once.
struct LogFlags {
    static let specs: [OptionSpec] = [
        OptionSpec(long: "follow", short: "f", kind: .flag,
                   help: "stream new lines until the job ends (exit 0 Succeeded, 3 Failed)"),
        OptionSpec(long: "tail", kind: .value, valueName: "N", help: "only the last N lines of each pod (-1: all)",
                   defaultValue: "-1"),
        OptionSpec(long: "since", kind: .value, valueName: "DURATION", help: "only lines newer than this, e.g. 10m, 1h"),
        OptionSpec(long: "timestamps", kind: .flag, help: "start each line with the time it was logged"),
        OptionSpec(long: "prefix", kind: .flag, help: "start each line with the pod's short name",
                   defaultValue: "on when several pods are read"),
        OptionSpec(long: "previous", short: "p", kind: .flag,
                   help: "the previous run of a restarted container (e.g. the one that was OOMKilled)"),
        OptionSpec(long: "container", short: "c", kind: .value, valueName: "NAME",
                   help: "the container to read", defaultValue: "the pod's first, the training container"),
        OptionSpec(long: "limit-bytes", kind: .value, valueName: "N", help: "at most N bytes of each pod's log"),
        OptionSpec(long: "pod-running-timeout", kind: .value, valueName: "DURATION",
                   help: "with -f: give up (exit 5) if no selected pod runs within this time",
                   defaultValue: "no limit"),
    ]

    var options = LogOptions()
    var container: String?
    /// nil: decided by the selection.
    var prefix: Bool?
    /// -f: seconds to wait for a selected pod to run.
    var podRunningTimeout: Double?

    init(_ parsed: ParsedArguments) throws(UsageError) {
        options.follow = try parsed.flag("follow")
        options.showTimestamps = try parsed.flag("timestamps")
        options.previous = try parsed.flag("previous")
        if let tail = try parsed.int("tail", minimum: -1), tail >= 0 { options.tailLines = tail }
        if let raw = parsed.string("since") {
            let seconds = try Self.duration(raw, flag: "--since")
            options.sinceSeconds = Int(seconds.rounded(.up))
        }
        options.limitBytes = try parsed.int("limit-bytes", minimum: 1)
        if options.previous && options.follow {
            throw UsageError("--previous reads a run that has ended; it cannot be followed",
                             hint: "drop -f, or follow the current run without --previous")
        }
        if let value = parsed.string("container") {
            guard !value.isEmpty else { throw UsageError("--container needs a name") }
            container = value
        }
        prefix = parsed.has("prefix") ? try parsed.flag("prefix") : nil
        if let raw = parsed.string("pod-running-timeout") {
            guard options.follow else {
                throw UsageError("--pod-running-timeout bounds the wait of -f for a pod to run; without -f nothing waits",
                                 hint: "add -f, or drop --pod-running-timeout")
            }
            podRunningTimeout = try Self.duration(raw, flag: "--pod-running-timeout")
        }
    }

    /// A positive Go duration.
    static func duration(_ raw: String, flag: String) throws(UsageError) -> Double {
        let seconds: Double
        do {
            seconds = try DurationParser.parseSeconds(raw)
        } catch {
            throw UsageError("\(flag): \(error)", hint: "use e.g. 30s, 10m or 2h")
        }
        guard seconds > 0 else { throw UsageError("\(flag) must be longer than 0s") }
        return seconds
    }
}

extension LogStreamEngine.End {
    /// The exit code when the run ended early: `| head` closed stdout (0), Ctrl-C (130), or a
    /// failure (reported); nil when it completed or hit a deadline, which the caller explains.
    func earlyExit(_ session: Session, namespace: String) -> ExitCode? {
        switch self {
        case .sinkClosed: return .success
        case .interrupted: return .interrupted
        case .failed(let error): return session.report(error, namespace: namespace)
        case .deadline, .completed: return nil
        }
    }
}
