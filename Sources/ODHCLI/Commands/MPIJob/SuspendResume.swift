import KubeClient
import MPIJobs

/// What `suspend` and `resume` share: the selection, the change (JobSuspender picks Kueue's
/// Workload or the job's own flag), one line per job, and `--wait`.
struct SuspendResume {
    let action: SuspendAction
    let targets: TargetSelection
    let wait: Bool
    let timeout: Double?

    static func spec(_ action: SuspendAction) -> CommandSpec {
        let suspend = action == .suspend
        let name = action.rawValue
        return CommandSpec(
            name: name,
            summary: suspend ? "Suspend MPIJobs: their pods go, the job stays (Kueue jobs through their Workload)"
                : "Resume suspended MPIJobs (Kueue jobs queue for quota again)",
            usage: ["NAME... [--wait [--timeout D]]", "-l SELECTOR | --all  [--yes] [--wait [--timeout D]]"],
            description: suspend
                ? """
                A job Kueue manages (a queue-name label and a Workload) is suspended by deactivating its
                Workload (spec.active=false): Kueue evicts it, stops the job and does not admit it again
                until it is resumed. Setting runPolicy.suspend on such a job would be undone by Kueue.
                Other jobs get spec.runPolicy.suspend=true; the mpi-operator then deletes the workers and
                suspends the launcher Job.
                """
                : """
                A job Kueue manages is resumed by reactivating its Workload (spec.active=true): it queues
                again and runs once Kueue admits it. Other jobs get spec.runPolicy.suspend=false and the
                mpi-operator creates their pods again.
                """,
            options: TargetSelection.options(allHelp: "\(name) every MPIJob in the namespace") + [
                OptionSpec(long: "wait", kind: .flag,
                           help: suspend ? "wait until the job is Suspended and its pods are gone"
                               : "wait until the job is running again (a Kueue job: admitted and running)"),
                SharedOptions.timeout,
            ],
            positionals: [PositionalSpec(name: "NAME", help: "MPIJob name", repeating: true, optional: true,
                                         completion: .mpijobName)],
            examples: suspend
                ? ["kubectl odh mpijob suspend pi --wait", "kubectl odh mpijob suspend -l team=nlp --yes"]
                : ["kubectl odh mpijob resume pi --wait --timeout 10m", "kubectl odh mpijob resume --all --yes"])
    }

    init(_ action: SuspendAction, parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        self.action = action
        targets = try TargetSelection(parsed: parsed, globals: globals, verb: action.rawValue, confirmNamed: false)
        wait = try parsed.flag("wait")
        timeout = try SharedOptions.parseTimeout(parsed)
        if timeout != nil && !wait { throw UsageError("--timeout goes with --wait") }
    }

    func run(_ session: Session) throws -> ExitCode {
        let namespace = try session.namespace
        let names: [String]
        switch try targets.resolve(session, namespace: namespace, client: session.mpijobs) {
        case .targets(let found): names = found
        case .done(let code): return code
        }
        let api = try session.api()
        let suspender = JobSuspender(api: api)
        var code = ExitCode.success
        var waitFor: [String] = []
        for name in names {
            do {
                let result = try suspender.apply(action, name: name, namespace: namespace)
                if let line = line(for: result, name: name, session: session) {
                    try session.stdout.line(line)
                    waitFor.append(name)
                } else {
                    code = code.combined(with: .conflict)
                }
                try session.stdout.flush()
            } catch let failure as SuspendFailure {
                code = code.combined(with: report(failure, name: name, namespace: namespace, session: session))
                if case .job(.crdMissing) = failure { return code }
            }
        }
        guard wait else { return code }
        let deadline = timeout.map { Monotonic.now() + $0 }
        for name in waitFor {
            code = code.combined(with: try waitUntilDone(name, namespace: namespace, api: api, deadline: deadline,
                                                         session: session))
            if code == .timedOut || code == .interrupted { return code }
        }
        return code
    }

    /// The line for a job, or nil (after printing an error) when it was refused.
    private func line(for result: SuspendResult, name: String, session: Session) -> String? {
        let object = "\(MPIJob.objectName)/\(name)"
        switch result {
        case .patchedJob:
            return "\(object) \(action.pastTense)"
        case .patchedWorkload(let workload):
            return action == .suspend
                ? "\(object) suspended (Kueue Workload \(workload) deactivated)"
                : "\(object) resumed (Kueue Workload \(workload) reactivated: it queues for quota again)"
        case .unchanged(let why):
            return "\(object) unchanged: \(why)"
        case .refused(let why):
            if targets.isBulk { return "\(object) skipped: \(why)" }
            session.printError(ErrorReport(code: .conflict, message: "cannot \(action.rawValue) mpijob \"\(name)\": \(why)"))
            return nil
        }
    }

    private func report(_ failure: SuspendFailure, name: String, namespace: String, session: Session) -> ExitCode {
        switch failure {
        case .job(let error):
            return session.report(error, namespace: namespace)
        case .kueue(let error):
            var report = ErrorMapping.report(error, context: ErrorContext(namespace: namespace))
            report.message = "cannot tell whether Kueue manages mpijob \"\(name)\" (reading its Workload): \(report.message)"
            session.printError(report)
            return report.code
        case .patch(let error, let target, let viaKueue):
            guard case .api(let status) = error else { return session.report(error, namespace: namespace) }
            if status.code == 409 {
                session.printError(ErrorReport(
                    code: .conflict,
                    message: "\(target) kept changing while it was being \(action.pastTense); nothing was changed",
                    hint: "someone else is changing it: look at it (kubectl odh mpijob describe \(name)) and run the command again"))
                return .conflict
            }
            if status.code == 403 && viaKueue {
                session.printError(ErrorReport(
                    code: .notAllowed, message: status.message,
                    hint: "Kueue manages this job, so it is \(action.pastTense) through its Workload's spec.active: that needs 'patch' on workloads.kueue.x-k8s.io, which Kueue's batch-admin role has (workload-editor-role) and its batch-user role does not; ask a Kueue admin"))
                return .notAllowed
            }
            return session.report(error, namespace: namespace)
        }
    }

    private func waitUntilDone(_ name: String, namespace: String, api: KubeAPI, deadline: Double?, session: Session)
        throws -> ExitCode
    {
        let target: WaitTarget = action == .suspend ? .condition(type: "Suspended", status: "True") : .running
        let reporter = WaitReporter(session: session, name: name, namespace: namespace)
        let outcome = try JobWaiter(api: api).wait(name: name, namespace: namespace, target: target, deadline: deadline)
        guard case .reached = outcome else { return try reporter.report(outcome, timeout: timeout) }
        if action == .suspend {
            guard try JobPods(api: api).waitUntilStopped(job: name, namespace: namespace, deadline: deadline) else {
                return try reporter.report(.timedOut(lastPhase: .suspended), timeout: timeout)
            }
            try session.stdout.line("\(MPIJob.objectName)/\(name) is suspended: no pod runs")
        } else {
            try session.stdout.line("\(MPIJob.objectName)/\(name) is running")
        }
        try session.stdout.flush()
        return .success
    }
}
