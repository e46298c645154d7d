#if canImport(Glibc)
import Glibc
#endif

/// Runs a kubeconfig `exec` credential plugin (client.authentication.k8s.io v1/v1beta1)
/// and turns its ExecCredential into connection credentials. The plugin's stderr goes to
/// ours (it may print login instructions); its stdout is the credential and never printed.
public enum ExecCredentialRunner {
    public static func apply(to context: ResolvedContext, environment: [String: String])
        throws(KubeconfigError) -> ResolvedContext
    {
        guard let exec = context.exec else { return context }
        let output = try run(exec, environment: environment, server: context.settings.server)
        let credential: JSON
        do {
            credential = try JSONParser.parse(output)
        } catch {
            throw KubeconfigError(.credentials, "the credential plugin \"\(exec.command)\" printed no valid ExecCredential JSON (\(error))")
        }
        guard credential["kind"]?.stringValue == "ExecCredential" else {
            throw KubeconfigError(.credentials, "the credential plugin \"\(exec.command)\" did not print an ExecCredential")
        }
        if let version = credential["apiVersion"]?.stringValue, version != exec.apiVersion {
            throw KubeconfigError(
                .credentials, "the credential plugin \"\(exec.command)\" answered \(version), the kubeconfig asked for \(exec.apiVersion)")
        }
        var resolved = context
        resolved.exec = nil
        let status = credential["status"]
        if let token = status?["token"]?.stringValue, !token.isEmpty {
            resolved.settings.credentials = .bearer(token)
        } else if let cert = status?["clientCertificateData"]?.stringValue,
            let key = status?["clientKeyData"]?.stringValue
        {
            resolved.settings.clientCertificate = .data(Array(cert.utf8))
            resolved.settings.clientKey = .data(Array(key.utf8))
        } else {
            throw KubeconfigError(
                .credentials, "the credential plugin \"\(exec.command)\" returned neither a token nor a client certificate")
        }
        return resolved
    }

    static func run(_ exec: ExecConfig, environment: [String: String], server: String) throws(KubeconfigError) -> [UInt8] {
        var env = environment
        for (name, value) in exec.env { env[name] = value }
        var info = "{\"apiVersion\":\"\(exec.apiVersion)\",\"kind\":\"ExecCredential\",\"spec\":{\"interactive\":false"
        if exec.provideClusterInfo {
            var server8: [UInt8] = []
            JSONWriter.writeString(server, into: &server8)
            info += ",\"cluster\":{\"server\":\(String(decoding: server8, as: UTF8.self))}"
        }
        info += "}}"
        env["KUBERNETES_EXEC_INFO"] = info

        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else {
            throw KubeconfigError(.credentials, "cannot start the credential plugin: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
        posix_spawn_file_actions_addclose(&actions, pipeFDs[1])

        let argv = [exec.command] + exec.args
        let envStrings = env.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let spawnResult = withCStrings(argv) { cArgs in
            withCStrings(envStrings) { cEnv in
                posix_spawnp(&pid, exec.command, &actions, nil, cArgs, cEnv)
            }
        }
        close(pipeFDs[1])
        if spawnResult != 0 {
            close(pipeFDs[0])
            throw KubeconfigError(
                .credentials, "cannot run the credential plugin \"\(exec.command)\": \(String(cString: strerror(spawnResult)))",
                hint: exec.installHint)
        }
        let output: [UInt8]
        do {
            output = try FileIO.readAll(fd: pipeFDs[0], path: exec.command)
        } catch {
            close(pipeFDs[0])
            throw KubeconfigError(.credentials, "cannot read the credential plugin's output: \(error)")
        }
        close(pipeFDs[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7f) == 0
        let code = (status >> 8) & 0xff
        guard exited && code == 0 else {
            throw KubeconfigError(
                .credentials, "the credential plugin \"\(exec.command)\" failed (exit \(exited ? code : 128 + (status & 0x7f)))",
                hint: exec.installHint)
        }
        return output
    }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }
}
