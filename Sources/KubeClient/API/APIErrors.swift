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
        } else if parsed != nil || contentType.contains("json") {
            // JSON that is not a Status (a generic apiserver's `{"paths": [...]}` index for a path it does
            // not serve): its first line is a brace, so say what the code means, as kubectl does.
            excerpt = genericMessage(for: response.status)
        } else {
            let line = text.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) }
            excerpt = line.map(String.init) ?? genericMessage(for: response.status)
        }
        return APIStatus(
            code: response.status, reason: HTTPStatusText.text(for: response.status), message: excerpt,
            retryAfterSeconds: retry, isStatusObject: false)
    }
}

extension APIStatus {
    /// What an error code means when the server sent no Status to say it (client-go's wording for the same
    /// codes, so a script that matched kubectl's message still matches).
    static func genericMessage(for code: Int) -> String {
        switch code {
        case 400: return "the server rejected our request for an unknown reason"
        case 401: return "the server has asked for the client to provide credentials"
        case 403: return "the server does not allow access to the requested resource"
        case 404: return "the server could not find the requested resource"
        case 405: return "the server does not allow this method on the requested resource"
        case 409: return "the server reported a conflict"
        case 410: return "the server has asked for the client to restart the request"
        case 422: return "the server rejected our request due to an error in our request"
        case 429: return "the server has received too many requests and has asked us to try again later"
        case 503: return "the server is currently unable to handle the request"
        case 504: return "the server was unable to return a response in the time allotted, but may still be processing the request"
        default: return "an error on the server (HTTP \(code)) has prevented the request from succeeding"
        }
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
