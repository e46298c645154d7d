import KubeClient
import MPIJobs

/// `--wait` (and `--follow`): blocking on the job's outcome after it was created.
extension CreateCommand {
    func waitFor(_ name: String, namespace: String, api: KubeAPI, session: Session) throws -> ExitCode {
        if follow { return try followLauncher(name, namespace: namespace, api: api, session: session) }
        let deadline = timeout.map { Monotonic.now() + $0 }
        var lastPhase: JobPhase?
        let outcome: WaitOutcome
        do {
            outcome = try JobWaiter(api: api).wait(
                name: name, namespace: namespace, target: .completion, deadline: deadline
            ) { job in
                let phase = job.phase
                if phase != lastPhase {
                    lastPhase = phase
                    do { try session.stderr.line("mpijob \(name): \(phase.rawValue)"); try session.stderr.flush() } catch {}
                }
            }
        } catch let error as ClientError {
            if case .transport(let transport) = error, transport.kind == .interrupted {
                session.printError(ErrorReport(
                    code: .interrupted,
                    message: "interrupted: stopped waiting; mpijob \"\(name)\" keeps running in namespace \"\(namespace)\"",
                    hint: "wait again with 'kubectl odh mpijob wait \(name) -n \(namespace)', or delete it"))
                return .interrupted
            }
            throw error
        }
        let code = try WaitReporter(session: session, name: name, namespace: namespace).report(outcome, timeout: timeout)
        if code == .jobFailed {
            printLauncherTail(name, namespace: namespace, api: api, session: session)
        }
        return code
    }

    /// --wait --follow: the launcher's log on stdout while waiting (the job watch of the
    /// follow decides the outcome), then the same report and exit code as --wait.
    func followLauncher(_ name: String, namespace: String, api: KubeAPI, session: Session) throws -> ExitCode {
        let job: MPIJob
        do {
            job = try MPIJobClient(api: api).get(name: name, namespace: namespace)
        } catch {
            return session.report(error, namespace: namespace)
        }
        let reader = JobLogReader(session: session, api: api, job: job, selection: .launcher, container: nil,
                                  options: LogOptions(follow: true), prefixed: false)
        let progress = JobPhaseProgress(session: session, name: name)
        let (end, followed, sink) = try reader.follow(deadline: timeout.map { Monotonic.now() + $0 },
                                                      onJobChange: { progress.report($0) })
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
        return sink.code.combined(
            with: try WaitReporter(session: session, name: name, namespace: namespace).report(outcome, timeout: timeout))
    }

    /// The launcher's last lines on stderr: in CI that is where the reason shows.
    func printLauncherTail(_ name: String, namespace: String, api: KubeAPI, session: Session) {
        let pods = JobPods(api: api)
        do {
            guard let launcher = try pods.newestLauncher(job: name, namespace: namespace) else { return }
            let text = try pods.tail(pod: launcher, namespace: namespace, lines: 20)
            guard !text.isEmpty else { return }
            try session.stderr.line("--- last 20 lines of \(launcher[path: "metadata", "name"]?.stringValue ?? "the launcher") ---")
            try session.stderr.write(text.hasSuffix("\n") ? text : text + "\n")
            try session.stderr.flush()
        } catch {
            session.warn("could not read the launcher's log: \(ErrorMapping.report(error).message)")
        }
    }
}
