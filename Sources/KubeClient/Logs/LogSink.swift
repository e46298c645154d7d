/// Where the engine's output goes. `write` receives whole lines only (each ends in `\n`,
/// prefix included), batched; `notice` receives everything that is not a log line.
/// Both are called on the engine's thread.
public protocol LogSink: AnyObject {
    func write(_ lines: [UInt8]) throws(LogSinkClosed)
    /// Makes written lines visible (followed logs must not sit in a buffer).
    func flush() throws(LogSinkClosed)
    func notice(_ notice: LogNotice)
}

/// The reader went away (`| head`): every stream stops.
public struct LogSinkClosed: Error, Sendable {
    public init() {}
}

/// Something to tell the user beside the log lines.
public enum LogNotice: Sendable {
    /// Said before a target's lines (which launcher attempt this is).
    case header(label: String, text: String)
    /// Following: the container has not started; its log is shown once it does.
    case waiting(label: String, reason: String)
    /// Not following (or the job ended): the container never started, so there is no log.
    case notStarted(label: String, reason: String)
    /// The log could not be read.
    case unavailable(label: String, pod: String, problem: LogProblem)
    /// Part of the log was read, but not all of it: the output is incomplete. `lastSeen` is
    /// the timestamp of the last line shown, when known.
    case incomplete(label: String, pod: String, reason: LogIncompleteness, lastSeen: String?)
    case warning(String)
}

public enum LogProblem: Sendable, Equatable {
    /// `--previous` on a container that has not restarted.
    case noPreviousRun(container: String)
    /// The pod has no such container.
    case noContainer(container: String, available: [String])
    /// The pod was deleted before its log could be read.
    case podGone
    /// The job has ended and this launcher or worker has no pod any more: what removed it
    /// (from the evidence the caller has) and what would have kept it.
    case removed(cause: String, hint: String?)
    /// The API server refused.
    case refused(APIStatus)
    /// The connection failed and retries did not help.
    case connection(TransportError)
}

/// Why a log that was being read could not be read to its end.
public enum LogIncompleteness: Sendable, Equatable {
    /// The pod was deleted while its log was being read (after a cut, before the resume).
    case podDeleted
    /// The stream kept failing and was given up.
    case connection(TransportError)
    /// `--limit-bytes` was reached.
    case limitReached(bytes: Int)
    /// Following with `--limit-bytes`, a container still running at the job's end: its
    /// stream cannot be re-read from a cursor, so lines not received yet are not checked for.
    case notResumable
}
