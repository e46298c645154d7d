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
            say("waiting for \(label): \(reason)")
        case .notStarted(let label, let reason):
            notStarted += 1
            say(following ? "\(label) never started: \(reason)" : "\(label) has not started yet: \(reason)")
        case .unavailable(let label, let pod, let problem):
            unavailable(label: label, pod: pod, problem: problem)
        case .warning(let text):
            session.warn(text)
        }
    }

    private func unavailable(label: String, pod: String, problem: LogProblem) {
        switch problem {
        case .noPreviousRun(let container):
            otherwiseEmpty += 1
            say("\(label) has no previous run of container \"\(container)\" (it has not restarted)")
        case .podGone:
            otherwiseEmpty += 1
            say("\(label): pod \(pod) was deleted before its log could be read")
        case .noPodLeft:
            // After the job ended that is clean-up at work, not a pod still to come: workers go
            // by the job's cleanPodPolicy, the launcher with its Job (ttlSecondsAfterFinished).
            otherwiseEmpty += 1
            let policy = label == "launcher" ? "runPolicy.ttlSecondsAfterFinished" : "runPolicy.cleanPodPolicy"
            say("\(label) has no pod: it was removed after the job ended (\(policy))")
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
