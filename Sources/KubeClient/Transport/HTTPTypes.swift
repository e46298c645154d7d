/// One HTTP request to the API server. `path` includes the query string.
public struct HTTPRequest: Sendable {
    public var method: String
    public var path: String
    public var headers: [(String, String)]
    public var body: [UInt8]?
    /// Overrides the connection's per-request timeout (watches and follows need none).
    public var timeout: Double?
    /// A request that changes nothing can be sent again after a failure.
    public var isIdempotent: Bool { method == "GET" || method == "HEAD" }

    public init(method: String = "GET", path: String, headers: [(String, String)] = [], body: [UInt8]? = nil,
                timeout: Double? = nil) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.last { $0.0.lowercased() == lower }?.1
    }
}

/// What libcurl reported when no HTTP answer could be had.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case couldNotConnect
        case timedOut
        case tls
        case interrupted
        /// The connection broke after the request may have reached the server.
        case connectionLost
        case invalidConfiguration
        case other
    }

    public var kind: Kind
    public var message: String
    /// True when nothing of the request can have reached the server (safe to resend a POST).
    public var requestNotSent: Bool

    public init(kind: Kind, message: String, requestNotSent: Bool = false) {
        self.kind = kind
        self.message = message
        self.requestNotSent = requestNotSent
    }

    public var description: String { message }
}

/// Where a streaming transfer goes next, decided by its consumer for each chunk.
public enum StreamDecision: Sendable {
    case proceed
    case stop
}
