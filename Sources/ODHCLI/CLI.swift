#if canImport(Glibc)
import Glibc
#endif
import KubeClient

/// argv in, exit code out. The only code that decides what the process returns.
public enum CLI {
    public static func run(arguments: [String]) -> Int32 {
        Interrupt.install()
        let stdout = Output(fd: 1)
        let stderr = Output(fd: 2, bufferLimit: 4096)
        let program = arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? "kubectl-odh"
        // `kubectl-odh_mpijob` is the link krew makes for its plugin "odh-mpijob".
        let krewName = program.hasPrefix("kubectl-odh_mpijob")
        let asMPIJob = program.hasPrefix("kubectl-odh-mpijob") || krewName
        let root = asMPIJob ? CommandTree.mpijobRoot : CommandTree.pluginRoot
        let environment = FileIO.environment
        let code = execute(Array(arguments.dropFirst()), root: root, asMPIJob: asMPIJob,
                           invocation: krewName ? "kubectl odh-mpijob" : nil,
                           stdout: stdout, stderr: stderr, environment: environment)
        do { try stdout.flush() } catch {}
        do { try stderr.flush() } catch {}
        if Interrupt.requested && code != .success { return ExitCode.interrupted.rawValue }
        return code.rawValue
    }

    static func execute(_ arguments: [String], root: CommandSpec, asMPIJob: Bool, invocation: String? = nil,
                        stdout: Output, stderr: Output, environment: [String: String]) -> ExitCode {
        // `__complete` may follow global flags (`--kubeconfig F __complete …`): those stay
        // part of the words, so completion sees the same cluster as the command would.
        // Before it: flags and their values only (`--kubeconfig F --context C`).
        if let index = arguments.firstIndex(of: Completer.spec.name),
            arguments[..<index].enumerated().allSatisfy({ $0.element.hasPrefix("-") || $0.offset % 2 == 1 })
        {
            let words = Array(arguments[..<index]) + Array(arguments[(index + 1)...])
            let result = Completer(root: root, dynamic: ClusterCompletions(environment: environment)).complete(words)
            do {
                for candidate in result.candidates { try stdout.line(candidate) }
                try stdout.line(":\(result.directive.rawValue)")
            } catch {
                return .success
            }
            return .success
        }
        let parser = ArgumentParser(root: root)
        let bare = Session(globals: GlobalOptions(), stdout: stdout, stderr: stderr, environment: environment,
                           stdinIsTerminal: false)
        let parsed: ParsedArguments
        do {
            parsed = try parser.parse(arguments)
        } catch {
            return bare.report(error)
        }
        let path = (asMPIJob ? ["mpijob"] : []) + parsed.commandPath
        let invocation = invocation ?? (asMPIJob ? "kubectl odh mpijob" : "kubectl odh")
        guard let command = CommandTree.command(for: path), !parsed.helpRequested else {
            // -h anywhere, or a noun without a verb (`kubectl odh mpijob`): help, as cobra does.
            let help = HelpRenderer(invocation: invocation).render(
                parsed.spec, path: parsed.commandPath, globals: GlobalOptions.specs)
            do { try stdout.write(help) } catch { return .success }
            if !parsed.positionals.isEmpty {
                return bare.report(UsageError("unexpected argument \"\(parsed.positionals[0])\""))
            }
            return .success
        }
        do {
            let globals = try GlobalOptions(parsed)
            let session = Session(globals: globals, stdout: stdout, stderr: stderr, environment: environment,
                                  stdinIsTerminal: isatty(0) == 1)
            do {
                let instance = try command.init(parsed: parsed, globals: globals)
                return try instance.run(session)
            } catch {
                return session.report(error)
            }
        } catch {
            return bare.report(error)
        }
    }
}
