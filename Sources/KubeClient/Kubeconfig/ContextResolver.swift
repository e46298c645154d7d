/// What the command line may override in the kubeconfig.
public struct ConfigOverrides: Sendable {
    public var kubeconfigPath: String?
    public var context: String?
    public var namespace: String?
    public var requestTimeout: Double?
    public var impersonateUser: String?
    public var impersonateGroups: [String] = []

    public init() {}
}

/// A context chosen and turned into connection settings.
public struct ResolvedContext: Sendable {
    public var contextName: String
    public var namespace: String
    /// True when `-n` or the context named the namespace (not just the "default" fallback).
    public var namespaceExplicit: Bool
    public var settings: ConnectionSettings
    /// The kubeconfig user's name, for messages such as "user alice cannot…".
    public var userName: String
    /// Run lazily, on first use: most commands never need a fresh token twice.
    public var exec: ExecConfig?
}

public enum ContextResolver {
    static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    public static func resolve(
        overrides: ConfigOverrides, environment: [String: String]
    ) throws(KubeconfigError) -> ResolvedContext {
        let loader = KubeconfigLoader(explicitPath: overrides.kubeconfigPath, environment: environment)
        guard let config = try loader.load() else {
            if let inCluster = try inCluster(overrides: overrides, environment: environment) { return inCluster }
            let looked = loader.candidatePaths().paths
            throw KubeconfigError(
                .missing,
                "no kubeconfig found" + (looked.isEmpty ? "" : " (looked at \(looked.joined(separator: ", ")))")
                    + " and not running inside a cluster",
                hint: "log in with 'oc login' or pass --kubeconfig FILE")
        }
        return try resolve(config, overrides: overrides, environment: environment)
    }

    public static func resolve(
        _ config: Kubeconfig, overrides: ConfigOverrides, environment: [String: String]
    ) throws(KubeconfigError) -> ResolvedContext {
        let name = overrides.context ?? config.currentContext ?? ""
        guard !name.isEmpty else {
            throw KubeconfigError(
                .missing, "the kubeconfig has no current-context",
                hint: "pass --context NAME (contexts: \(config.contexts.keys.sorted().joined(separator: ", ")))")
        }
        guard let context = config.contexts[name] else {
            let hint = config.contexts.isEmpty
                ? nil : "contexts in the kubeconfig: \(config.contexts.keys.sorted().joined(separator: ", "))"
            throw KubeconfigError(.notFound, "context \"\(name)\" does not exist in the kubeconfig", hint: hint)
        }
        guard let cluster = config.clusters[context.cluster] else {
            throw KubeconfigError(.notFound, "cluster \"\(context.cluster)\" of context \"\(name)\" does not exist in the kubeconfig")
        }
        guard let server = cluster.server, !server.isEmpty else {
            throw KubeconfigError(.invalid, "cluster \"\(context.cluster)\" has no server")
        }
        let user: UserEntry
        if context.user.isEmpty {
            user = UserEntry()
        } else if let found = config.users[context.user] {
            user = found
        } else {
            throw KubeconfigError(.notFound, "user \"\(context.user)\" of context \"\(name)\" does not exist in the kubeconfig")
        }
        if let provider = user.authProviderName {
            throw KubeconfigError(
                .credentials, "user \"\(context.user)\" uses the auth-provider \"\(provider)\", which kubectl removed",
                hint: "switch the kubeconfig to an exec credential plugin (e.g. kubelogin)")
        }

        var settings = ConnectionSettings(server: server)
        if let data = cluster.certificateAuthorityData {
            settings.certificateAuthority = .data(data)
        } else if let path = cluster.certificateAuthority {
            settings.certificateAuthority = .file(path)
        }
        settings.insecureSkipTLSVerify = cluster.insecureSkipTLSVerify
        settings.tlsServerName = cluster.tlsServerName
        settings.proxyURL = cluster.proxyURL
        if let data = user.clientCertificateData {
            settings.clientCertificate = .data(data)
        } else if let path = user.clientCertificate {
            settings.clientCertificate = .file(path)
        }
        if let data = user.clientKeyData {
            settings.clientKey = .data(data)
        } else if let path = user.clientKey {
            settings.clientKey = .file(path)
        }
        if let token = user.token, !token.isEmpty {
            settings.credentials = .bearer(token)
        } else if let tokenFile = user.tokenFile {
            do {
                let token = try FileIO.readText(tokenFile).trimmingCharacters(in: [" ", "\n", "\r", "\r\n", "\t"])
                settings.credentials = .bearer(token)
            } catch {
                throw KubeconfigError(.credentials, "cannot read tokenFile of user \"\(context.user)\": \(error)")
            }
        } else if let username = user.username, let password = user.password {
            settings.credentials = .basic(username: username, password: password)
        }
        settings.impersonateUser = overrides.impersonateUser ?? user.impersonate
        settings.impersonateGroups = overrides.impersonateGroups.isEmpty ? user.impersonateGroups : overrides.impersonateGroups
        settings.requestTimeout = overrides.requestTimeout

        let namespace = overrides.namespace ?? context.namespace
        return ResolvedContext(
            contextName: name, namespace: (namespace?.isEmpty ?? true) ? "default" : (namespace ?? "default"),
            namespaceExplicit: !(namespace?.isEmpty ?? true),
            settings: settings, userName: context.user, exec: user.exec)
    }

    /// A pod's service account, as in a Tekton step: token, CA and the service env vars.
    static func inCluster(
        overrides: ConfigOverrides, environment: [String: String]
    ) throws(KubeconfigError) -> ResolvedContext? {
        guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty,
            let port = environment["KUBERNETES_SERVICE_PORT"], !port.isEmpty
        else { return nil }
        let directory = environment["ODH_SERVICEACCOUNT_DIR"] ?? serviceAccountDirectory
        let tokenPath = directory + "/token"
        guard FileIO.exists(tokenPath) else { return nil }
        let token: String
        do {
            token = try FileIO.readText(tokenPath).trimmingCharacters(in: [" ", "\n", "\r", "\r\n", "\t"])
        } catch {
            throw KubeconfigError(.credentials, "cannot read the service account token: \(error)")
        }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        var settings = ConnectionSettings(server: "https://\(hostPart):\(port)")
        settings.certificateAuthority = .file(directory + "/ca.crt")
        settings.credentials = .bearer(token)
        settings.requestTimeout = overrides.requestTimeout
        settings.impersonateUser = overrides.impersonateUser
        settings.impersonateGroups = overrides.impersonateGroups
        var namespace = overrides.namespace
        if namespace == nil {
            do {
                namespace = try FileIO.readTextIfExists(directory + "/namespace")?
                    .trimmingCharacters(in: [" ", "\n", "\r", "\r\n"])
            } catch {
                throw KubeconfigError(.credentials, "cannot read the service account namespace: \(error)")
            }
        }
        return ResolvedContext(
            contextName: "in-cluster", namespace: namespace ?? "default", namespaceExplicit: namespace != nil,
            settings: settings, userName: "serviceaccount", exec: nil)
    }
}
