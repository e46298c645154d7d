/// A `Status` object the API server sent with an error code.
public struct APIStatus: Sendable, Equatable {
    public var code: Int
    public var reason: String
    public var message: String
    public var detailsName: String?
    public var detailsKind: String?
    public var detailsGroup: String?
    /// Field-level causes of a 422 (`spec.x: Invalid value …`).
    public var causes: [String]
    public var retryAfterSeconds: Double?
    /// False when the body was not a Status (a proxy page, or the plain-text
    /// `404 page not found` that kube-apiserver sends for a path it does not serve).
    public var isStatusObject: Bool

    public init(code: Int, reason: String, message: String, detailsName: String? = nil, detailsKind: String? = nil,
                detailsGroup: String? = nil, causes: [String] = [], retryAfterSeconds: Double? = nil,
                isStatusObject: Bool = true) {
        self.code = code
        self.reason = reason
        self.message = message
        self.detailsName = detailsName
        self.detailsKind = detailsKind
        self.detailsGroup = detailsGroup
        self.causes = causes
        self.retryAfterSeconds = retryAfterSeconds
        self.isStatusObject = isStatusObject
    }

    /// Reads a Status body; anything else becomes a Status-like value with a short excerpt,
    /// never the raw body (which may be a whole HTML page).
    public static func from(response: HTTPResponse) -> APIStatus {
        let retry = response.header("Retry-After").flatMap(Double.init)
        // A body that is not JSON is expected here (proxies, plain-text 404s): handled below.
        let parsed: JSON?
        do { parsed = try JSONParser.parse(response.body) } catch { parsed = nil }
        if let json = parsed, json["kind"]?.stringValue == "Status" {
            let causes = (json[path: "details", "causes"]?.arrayValue ?? []).map { cause -> String in
                let field = cause["field"]?.stringValue ?? ""
                let message = cause["message"]?.stringValue ?? ""
                return field.isEmpty ? message : "\(field): \(message)"
            }
            return APIStatus(
                code: json["code"]?.intValue ?? response.status,
                reason: json["reason"]?.stringValue ?? "",
                message: json["message"]?.stringValue ?? "",
                detailsName: json[path: "details", "name"]?.stringValue,
                detailsKind: json[path: "details", "kind"]?.stringValue,
                detailsGroup: json[path: "details", "group"]?.stringValue,
                causes: causes, retryAfterSeconds: retry)
        }
        let text = String(decoding: response.body.prefix(200), as: UTF8.self)
        let contentType = response.header("Content-Type") ?? ""
        let excerpt: String
        if contentType.contains("html") || text.lowercased().contains("<html") {
            excerpt = "the server answered an HTML page instead of a Kubernetes Status (a proxy or load balancer?)"
        } else {
            excerpt = text.split(separator: "\n").first.map(String.init) ?? ""
        }
        return APIStatus(
            code: response.status, reason: HTTPStatusText.text(for: response.status), message: excerpt,
            retryAfterSeconds: retry, isStatusObject: false)
    }
}

/// Everything the client library can throw.
public enum ClientError: Error, Sendable, Equatable {
    /// The server answered with an error status.
    case api(APIStatus)
    /// No usable answer: connection, TLS, timeout, interrupt.
    case transport(TransportError)
    /// An answer that is not what the API promises (truncated JSON, wrong kind).
    case malformedResponse(String)
    case config(KubeconfigError)
}

extension ClientError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .api(let status): return status.message
        case .transport(let error): return error.message
        case .malformedResponse(let message): return message
        case .config(let error): return error.message
        }
    }
}
