/// Bytes or a path: kubeconfig allows both for CA, certificate and key.
public enum PEMSource: Sendable, Equatable {
    case file(String)
    case data([UInt8])
}

/// How a request proves who it is.
public enum Credentials: Sendable, Equatable {
    case none
    case bearer(String)
    case basic(username: String, password: String)
}

/// Everything the transport needs to reach one API server, resolved from kubeconfig.
public struct ConnectionSettings: Sendable {
    public var server: String
    public var certificateAuthority: PEMSource?
    public var clientCertificate: PEMSource?
    public var clientKey: PEMSource?
    public var insecureSkipTLSVerify = false
    public var tlsServerName: String?
    public var proxyURL: String?
    public var credentials: Credentials = .none
    public var impersonateUser: String?
    public var impersonateGroups: [String] = []
    /// Seconds for one whole request; nil means none (kubectl's `--request-timeout=0`).
    public var requestTimeout: Double?
    public var userAgent = "kubectl-odh"

    public init(server: String) {
        self.server = server
    }
}
