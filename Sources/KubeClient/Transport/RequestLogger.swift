/// One finished request, for `-v`. Secrets are already masked by the transport.
public struct RequestLog: Sendable {
    public var method: String
    public var url: String
    public var requestHeaders: [(String, String)]
    public var status: Int
    public var responseHeaders: [(String, String)]
    public var milliseconds: Int
    public var bodyBytes: Int
}

/// Where `-v` output goes; the CLI decides the verbosity and the stream.
public struct RequestLogger: Sendable {
    public var verbosity: Int
    public var write: @Sendable (String) -> Void

    public init(verbosity: Int, write: @escaping @Sendable (String) -> Void) {
        self.verbosity = verbosity
        self.write = write
    }

    /// kubectl's levels: 6 prints each request with its status and time, 7 adds request
    /// headers, 8 adds response headers.
    func log(_ entry: RequestLog) {
        guard verbosity >= 6 else { return }
        if verbosity >= 7 {
            write("\(entry.method) \(entry.url)")
            for (name, value) in entry.requestHeaders {
                write("    \(name): \(RequestLogger.mask(name: name, value: value))")
            }
        }
        let status = entry.status == 0 ? "(no response)" : "\(entry.status) \(HTTPStatusText.text(for: entry.status))"
        write("\(entry.method) \(entry.url) \(status) in \(entry.milliseconds) milliseconds")
        if verbosity >= 8 {
            write("Response Headers:")
            for (name, value) in entry.responseHeaders {
                write("    \(name): \(RequestLogger.mask(name: name, value: value))")
            }
        }
    }

    /// A second line of defence: whatever reached the log, credentials never print.
    static func mask(name: String, value: String) -> String {
        switch name.lowercased() {
        case "authorization":
            if let space = value.firstIndex(of: " ") { return String(value[..<space]) + " <masked>" }
            return "<masked>"
        case "cookie", "set-cookie", "x-auth-token": return "<masked>"
        default: return value
        }
    }
}

enum HTTPStatusText {
    static func text(for status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 422: return "Unprocessable Entity"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return ""
        }
    }
}
