import KubeClient

/// `create --wait` without `--follow`: the launcher's log is read while the job runs but
/// not shown; only the last lines of each launcher run are kept, to print if the job fails.
/// They must be kept while the pod exists: when an `OnFailure` launcher's Job hits its
/// backoff limit, the Job controller deletes the pod, and its log with it.
final class LauncherTail: LogSink {
    struct Segment {
        /// `launcher attempt 2 of 2 (pi-launcher-x, Failed)`, when there were several pods.
        var title: String?
        var lines: [String] = []
    }

    let keep: Int
    private(set) var segments: [Segment] = [Segment()]
    /// Why what is kept may not be the launcher's last words (a read that failed).
    private(set) var problems: [String] = []
    private var partial: [UInt8] = []

    init(keep: Int) {
        self.keep = keep
    }

    var isEmpty: Bool { segments.allSatisfy { $0.lines.isEmpty } }

    func write(_ lines: [UInt8]) throws(LogSinkClosed) {
        // Whole lines only (the engine's contract), so each `\n` ends one.
        var start = lines.startIndex
        while let end = lines[start...].firstIndex(of: 0x0A) {
            push(String(decoding: lines[start..<end], as: UTF8.self))
            start = end + 1
        }
    }

    func flush() throws(LogSinkClosed) {}

    func notice(_ notice: LogNotice) {
        switch notice {
        case .header(_, let text):
            if segments.last?.lines.isEmpty == true {
                segments[segments.count - 1].title = text
            } else {
                segments.append(Segment(title: text))
            }
            // Three runs are enough to see a pattern; older ones only cost memory.
            if segments.count > 3 { segments.removeFirst() }
        case .unavailable(_, let pod, let problem):
            problems.append("pod \(pod.isEmpty ? "launcher" : pod): \(Self.describe(problem))")
        case .incomplete(_, let pod, _, _):
            problems.append("pod \(pod): its log could not be read to the end")
        case .waiting, .notStarted, .warning:
            break
        }
    }

    private func push(_ line: String) {
        let last = segments.count - 1
        segments[last].lines.append(line)
        if segments[last].lines.count > keep { segments[last].lines.removeFirst(segments[last].lines.count - keep) }
    }

    private static func describe(_ problem: LogProblem) -> String {
        switch problem {
        case .noPreviousRun: return "no previous run"
        case .noContainer(let container, _): return "no container \"\(container)\""
        case .podGone: return "deleted before its log could be read"
        case .removed(let cause, _): return cause
        case .refused(let status): return status.message
        case .connection(let error): return error.message
        }
    }
}
