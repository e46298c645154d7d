import KubeClient
import MPIJobs
import TrainingJobs

/// What a running command may use: the output streams, the environment and a lazily
/// resolved connection. Commands never exit; they return an outcome.
final class Session: @unchecked Sendable {
    // @unchecked: one per process, used from the main thread (engines take their own clients).
    let globals: GlobalOptions
    let stdout: Output
    let stderr: Output
    let environment: [String: String]
    let stdinIsTerminal: Bool
    private var resolved: ResolvedContext?
    private var client: KubeAPI?
    private var served: ServedResources?

    init(globals: GlobalOptions, stdout: Output, stderr: Output, environment: [String: String], stdinIsTerminal: Bool) {
        self.globals = globals
        self.stdout = stdout
        self.stderr = stderr
        self.environment = environment
        self.stdinIsTerminal = stdinIsTerminal
    }

    /// Colors only on a terminal, and never with NO_COLOR or --no-color.
    var colorStdout: Bool { useColor(stdout) }
    var colorStderr: Bool { useColor(stderr) }

    private func useColor(_ output: Output) -> Bool {
        if globals.noColor { return false }
        if let value = environment["NO_COLOR"], !value.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return output.isTerminal
    }

    /// The "complete" step: kubeconfig, context and namespace.
    func context() throws(KubeconfigError) -> ResolvedContext {
        if let resolved { return resolved }
        let context = try ContextResolver.resolve(overrides: globals.overrides, environment: environment)
        resolved = context
        return context
    }

    var namespace: String {
        get throws(KubeconfigError) { try context().namespace }
    }

    func api() throws(ErrorReport) -> KubeAPI {
        if let client { return client }
        do {
            var context = try self.context()
            if context.exec != nil {
                context = try ExecCredentialRunner.apply(to: context, environment: environment)
            }
            let logger = globals.verbosity >= 6
                ? RequestLogger(verbosity: globals.verbosity) { [stderr] line in
                    do { try stderr.line(line); try stderr.flush() } catch { return }
                } : nil
            let api = try KubeAPI(context: context, logger: logger)
            client = api
            return api
        } catch let error as KubeconfigError {
            throw ErrorMapping.report(error)
        } catch let error as ClientError {
            throw ErrorMapping.report(error, context: ErrorContext())
        } catch {
            throw ErrorMapping.report(error)
        }
    }

    func mpijobs() throws(ErrorReport) -> MPIJobClient {
        MPIJobClient(api: try api())
    }

    /// One job by name. A failure becomes the report `run`'s caller prints (not found,
    /// forbidden with the namespace's hint, the CRD missing) and ends the command.
    func job(_ name: String, namespace: String, api: KubeAPI) throws(ErrorReport) -> MPIJob {
        do {
            return try MPIJobClient(api: api).get(name: name, namespace: namespace)
        } catch {
            throw ErrorMapping.report(error, context: ErrorContext(namespace: namespace))
        }
    }

    /// What the cluster serves, discovered once per process (kubectl keeps a discovery cache too).
    func servedResources() throws(ErrorReport) -> ServedResources {
        if let served { return served }
        let api = try api()
        do {
            let found = try ServedResources.discover(api: api)
            served = found
            return found
        } catch {
            throw ErrorMapping.report(error, context: ErrorContext())
        }
    }

    /// Prints `error: …` and `hint: …` to stderr and returns the exit code.
    @discardableResult
    func report(_ error: any Error, namespace: String? = nil, resource: String = "mpijobs") -> ExitCode {
        let report = ErrorMapping.report(error, context: ErrorContext(namespace: namespace, resource: resource))
        if report.code == .success { return .success }
        printError(report)
        return report.code
    }

    func printError(_ report: ErrorReport) {
        let prefix = colorStderr ? "\u{1B}[31merror:\u{1B}[0m" : "error:"
        do {
            try stderr.line("\(prefix) \(report.message)")
            if let hint = report.hint { try stderr.line("hint: \(hint)") }
            try stderr.flush()
        } catch {
            return
        }
    }

    /// `note: …` on stderr: something the output leaves out on purpose (what RBAC hides).
    func note(_ message: String) {
        do {
            try stderr.line("note: \(message)")
            try stderr.flush()
        } catch {
            return
        }
    }

    func warn(_ message: String) {
        do {
            try stderr.line("warning: \(message)")
            try stderr.flush()
        } catch {
            return
        }
    }
}
