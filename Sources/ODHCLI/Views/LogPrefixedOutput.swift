import KubeClient

/// The log engine's sink on the terminal: prefixed lines to stdout; headers, waiting
/// notes and errors to stderr, after flushing stdout so a terminal shows them in order.
/// Keeps what the exit code depends on.
final class LogPrefixedOutput: LogSink {
    let session: Session
    let following: Bool
    /// The most specific code of the errors shown (a bad `-c`, a refused read).
    private(set) var code: ExitCode = .success
    /// Targets with nothing to read because they have not started (or have no pod yet).
    private(set) var notStarted = 0
    /// Targets with nothing to read for another reason (no previous run, pod deleted).
    private(set) var otherwiseEmpty = 0
    /// Selected pods deleted before any of their log was read: lost output if others were shown.
    private(set) var lost = 0
    /// The reasons given for targets that have not started (`Unschedulable: 0/3 nodes …`).
    private(set) var notStartedReasons: [String] = []
    /// Following: what each pod still waits for, as last said.
    private(set) var waitingFor: [String: String] = [:]

    /// The exit code of what was shown: a lost pod makes the output incomplete.
    var shownCode: ExitCode { lost > 0 ? code.combined(with: .failure) : code }

    init(session: Session, following: Bool) {
        self.session = session
        self.following = following
    }

    func write(_ lines: [UInt8]) throws(LogSinkClosed) {
        do { try session.stdout.write(bytes: lines) } catch { throw LogSinkClosed() }
    }

    func flush() throws(LogSinkClosed) {
        do { try session.stdout.flush() } catch { throw LogSinkClosed() }
    }

    func notice(_ notice: LogNotice) {
        // A closed stdout ends the engine at its next write; the notice still goes out.
        do { try session.stdout.flush() } catch {}
        switch notice {
        case .header(_, let text):
            say(session.colorStderr ? "\u{1B}[1m==> \(text) <==\u{1B}[0m" : "==> \(text) <==")
        case .waiting(let label, let reason):
            waitingFor[label] = reason
            say("waiting for \(label): \(reason)")
        case .notStarted(let label, let reason):
            notStarted += 1
            notStartedReasons.append(reason)
            say(following ? "\(label) never started: \(reason)" : "\(label) has not started yet: \(reason)")
        case .unavailable(let label, let pod, let problem):
            unavailable(label: label, pod: pod, problem: problem)
        case .incomplete(let label, let pod, let reason, let lastSeen):
            incomplete(label: label, pod: pod, reason: reason, lastSeen: lastSeen)
        case .warning(let text):
            session.warn(text)
        }
    }

    /// Output that lacks part of a selected log: said, and never exit 0 (exit 1 unless a
    /// more specific code, such as the job's failure, applies).
    private func incomplete(label: String, pod: String, reason: LogIncompleteness, lastSeen: String?) {
        let subject = "the log of \(label) (pod \(pod))"
        let missing = lastSeen.map { "; lines after \($0) are missing" } ?? "; the lines not yet received are missing"
        switch reason {
        case .podDeleted:
            fail(ErrorReport(code: .failure, message: "\(subject) is incomplete: the pod was deleted while its log was being read"
                                 + missing))
        case .connection(let error):
            fail(ErrorReport(code: .failure, message: "\(subject) is incomplete: the stream broke and could not be resumed"
                                 + " (\(error.message))" + missing,
                             hint: "the connection to the API server kept failing; read it again while the pod exists"))
        case .limitReached(let bytes):
            fail(ErrorReport(code: .failure, message: "\(subject) was cut at --limit-bytes \(bytes); the rest was not read",
                             hint: "raise --limit-bytes, or drop it to read the whole log"))
        case .notResumable:
            fail(ErrorReport(code: .failure, message: "\(subject) may be incomplete: its container still runs, and a stream"
                                 + " read with --limit-bytes cannot be re-read up to the job's end",
                             hint: "drop --limit-bytes to read every line up to the end"))
        }
    }

    private func unavailable(label: String, pod: String, problem: LogProblem) {
        switch problem {
        case .noPreviousRun(let container):
            otherwiseEmpty += 1
            say("\(label) has no previous run of container \"\(container)\" (it has not restarted)")
        case .podGone:
            // It was selected and is lost: the output lacks it.
            otherwiseEmpty += 1
            lost += 1
            session.printError(ErrorReport(code: .failure,
                                           message: "\(label): pod \(pod) was deleted before its log could be read"))
        case .removed(let cause, let hint):
            // After the job ended that is clean-up at work (or a deletion), not a pod still to come.
            otherwiseEmpty += 1
            say("\(label) has no pod: \(cause)")
            if let hint { say("hint: \(hint)") }
        case .noContainer(let container, let available):
            fail(ErrorReport(
                code: .usage,
                message: container.isEmpty
                    ? "pod \(pod) (\(label)) has no containers"
                    : "pod \(pod) (\(label)) has no container \"\(container)\"",
                hint: available.isEmpty ? nil : "its containers: \(available.joined(separator: ", ")) (default: the first)"))
        case .refused(let status):
            var report = ErrorMapping.report(status, context: ErrorContext(namespace: nil))
            report.message = "cannot read the log of \(label) (pod \(pod)): \(report.message)"
            fail(report)
        case .connection(let error):
            fail(ErrorReport(code: .failure, message: "cannot read the log of \(label) (pod \(pod)): \(error.message)",
                             hint: "the connection to the API server kept failing; try again"))
        }
    }

    private func fail(_ report: ErrorReport) {
        code = code.combined(with: report.code)
        session.printError(report)
    }

    private func say(_ text: String) {
        do {
            try session.stderr.line(text)
            try session.stderr.flush()
        } catch {
            return
        }
    }
}
