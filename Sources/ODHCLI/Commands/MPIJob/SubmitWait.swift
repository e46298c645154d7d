import KubeClient
import MPIJobs

/// `--wait` (and `--follow`): blocking on the job's outcome after it was created.
///
/// Both follow the launcher's log while watching the job: `--follow` shows it on stdout;
/// plain `--wait` keeps only the last lines of each launcher run, so that a failure can
/// show them — by the time the job is Failed, the Job controller may have deleted an
/// `OnFailure` launcher's pod, and its log with it.
extension JobSubmission {
    static let launcherTailLines = 20

    func waitFor(_ name: String, namespace: String, api: KubeAPI, session: Session) throws -> ExitCode {
        let job: MPIJob
        do {
            job = try MPIJobClient(api: api).get(name: name, namespace: namespace)
        } catch {
            return session.report(error, namespace: namespace)
        }
        let reader = JobLogReader(session: session, api: api, job: job, selection: .launcher, container: nil,
                                  options: LogOptions(follow: true), prefixed: false)
        let progress = JobPhaseProgress(session: session, name: name)
        let deadline = timeout.map { Monotonic.now() + $0 }
        let shown: LogPrefixedOutput?
        let kept: LauncherTail?
        let end: LogStreamEngine.End
        let followed: JobLogFollow.Outcome
        if follow {
            let result = try reader.follow(deadline: deadline, onJobChange: { progress.report($0) })
            (end, followed, shown, kept) = (result.0, result.1, result.2, nil)
        } else {
            let tail = LauncherTail(keep: Self.launcherTailLines)
            let result = try reader.follow(into: tail, deadline: deadline, onJobChange: { progress.report($0) })
            (end, followed, shown, kept) = (result.0, result.1, nil, tail)
        }
        let outcome: WaitOutcome
        switch (end, followed) {
        case (.sinkClosed, _):
            return .success
        case (.interrupted, _):
            session.printError(ErrorReport(
                code: .interrupted,
                message: "interrupted: stopped waiting; mpijob \"\(name)\" keeps running in namespace \"\(namespace)\"",
                hint: "wait again with 'kubectl odh mpijob wait \(name) -n \(namespace)', or delete it"))
            return .interrupted
        case (.failed(let error), _):
            return session.report(error, namespace: namespace)
        case (_, .finished(let snapshot)):
            outcome = snapshot.phase == .succeeded ? .reached(snapshot) : .failed(snapshot)
        case (_, .deleted):
            outcome = .deleted
        case (_, .notFound):
            outcome = .notFound
        case (_, .running(let phase)):
            outcome = .timedOut(lastPhase: phase)
        }
        let code = try WaitReporter(session: session, name: name, namespace: namespace, api: api)
            .report(outcome, timeout: timeout)
        if let kept, case .failed = outcome {
            printLauncherTail(kept, session: session)
        }
        return (shown?.shownCode ?? .success).combined(with: code)
    }

    /// The launcher's last lines on stderr: in CI that is where the reason shows. Said
    /// plainly when they could not be kept.
    func printLauncherTail(_ kept: LauncherTail, session: Session) {
        do {
            guard !kept.isEmpty else {
                let why = kept.problems.isEmpty
                    ? "no launcher pod printed anything while the job was watched"
                    : kept.problems.joined(separator: "; ")
                session.warn("no launcher output to show: \(why)")
                return
            }
            for segment in kept.segments where !segment.lines.isEmpty {
                let title = segment.title ?? "the launcher"
                try session.stderr.line("--- last \(segment.lines.count) lines of \(title) ---")
                for line in segment.lines { try session.stderr.line(line) }
            }
            for problem in kept.problems { session.warn("the launcher's output may be incomplete: \(problem)") }
            try session.stderr.flush()
        } catch {
            return
        }
    }
}
