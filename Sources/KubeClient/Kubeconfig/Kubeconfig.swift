/// The merged view of one or more kubeconfig files. Paths inside are already resolved
/// against the directory of the file that named them, as kubectl does.
public struct Kubeconfig: Sendable {
    public var clusters: [String: ClusterEntry] = [:]
    public var users: [String: UserEntry] = [:]
    public var contexts: [String: ContextEntry] = [:]
    public var currentContext: String?
    /// The files that contributed, in the order read (for error messages).
    public var sources: [String] = []

    public init() {}
}

public struct ClusterEntry: Sendable, Equatable {
    public var server: String?
    public var certificateAuthority: String?
    public var certificateAuthorityData: [UInt8]?
    public var insecureSkipTLSVerify = false
    public var tlsServerName: String?
    public var proxyURL: String?

    public init() {}
}

public struct UserEntry: Sendable, Equatable {
    public var clientCertificate: String?
    public var clientCertificateData: [UInt8]?
    public var clientKey: String?
    public var clientKeyData: [UInt8]?
    public var token: String?
    public var tokenFile: String?
    public var username: String?
    public var password: String?
    public var impersonate: String?
    public var impersonateGroups: [String] = []
    public var exec: ExecConfig?
    /// Set when the user relies on a removed in-tree auth provider (gcp, azure, oidc).
    public var authProviderName: String?

    public init() {}
}

public struct ContextEntry: Sendable, Equatable {
    public var cluster: String
    public var user: String
    public var namespace: String?

    public init(cluster: String, user: String, namespace: String?) {
        self.cluster = cluster
        self.user = user
        self.namespace = namespace
    }
}

/// `users[].user.exec`: a credential plugin (client.authentication.k8s.io).
public struct ExecConfig: Sendable, Equatable {
    public var command: String
    public var args: [String] = []
    public var env: [(String, String)] = []
    public var apiVersion: String
    public var installHint: String?
    public var provideClusterInfo = false

    public init(command: String, apiVersion: String) {
        self.command = command
        self.apiVersion = apiVersion
    }

    public static func == (lhs: ExecConfig, rhs: ExecConfig) -> Bool {
        lhs.command == rhs.command && lhs.args == rhs.args && lhs.apiVersion == rhs.apiVersion
            && lhs.env.map(\.0) == rhs.env.map(\.0) && lhs.env.map(\.1) == rhs.env.map(\.1)
    }
}

/// Why a kubeconfig could not be used.
public struct KubeconfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A named file, context, cluster or user does not exist (exit 4).
        case notFound
        /// The file is not valid kubeconfig (exit 2).
        case invalid
        /// Nothing to connect to at all.
        case missing
        /// A credential plugin failed (exit 6).
        case credentials
    }

    public var kind: Kind
    public var message: String
    public var hint: String?

    public init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    public var description: String { message }
}
