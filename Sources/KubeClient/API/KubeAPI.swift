import CCurlShim

/// Ctrl-C as seen by the library: set by the C signal handler, polled by transfers.
public enum Interrupt {
    public static func install() { odh_install_interrupt_handler() }
    public static var requested: Bool { odh_was_interrupted() != 0 }
}

/// A typed API client over one connection: JSON in and out, Status errors decoded,
/// retries in one place.
public final class KubeAPI: @unchecked Sendable {
    // @unchecked: one instance per thread of work; the log engine makes its own.
    public let context: ResolvedContext
    public var retry: RetryPolicy
    let transport: CurlTransport
    private var credentialsReady = false

    public init(context: ResolvedContext, logger: RequestLogger? = nil, retry: RetryPolicy = RetryPolicy())
        throws(ClientError)
    {
        self.context = context
        self.retry = retry
        do {
            transport = try CurlTransport(settings: context.settings, logger: logger)
        } catch {
            throw .transport(error)
        }
    }

    /// A second client on its own connection, for work done in parallel.
    public func makeSibling() throws(ClientError) -> KubeAPI {
        let sibling = try KubeAPI(context: context, logger: transport.logger, retry: retry)
        return sibling
    }

    public var namespace: String { context.namespace }

    // MARK: Requests

    /// Sends with retries; returns a 2xx response or throws the server's Status.
    public func send(_ request: HTTPRequest) throws(ClientError) -> HTTPResponse {
        let started = Monotonic.now()
        var attempt = 0
        while true {
            attempt += 1
            let failure: ClientError
            do {
                let response = try transport.send(request)
                if (200..<300).contains(response.status) { return response }
                failure = .api(APIStatus.from(response: response))
            } catch {
                failure = .transport(error)
            }
            guard let wait = retry.delay(after: failure, attempt: attempt, request: request,
                                         elapsed: Monotonic.now() - started)
            else { throw failure }
            if !Sleep.seconds(wait) {
                throw .transport(TransportError(kind: .interrupted, message: "interrupted"))
            }
        }
    }

    /// Sends and decodes a JSON body, checking the kind when one is expected.
    public func sendJSON(_ request: HTTPRequest, expectKind: String? = nil) throws(ClientError) -> JSON {
        let response = try send(request)
        return try KubeAPI.decode(response, expectKind: expectKind, what: "\(request.method) \(request.path)")
    }

    static func decode(_ response: HTTPResponse, expectKind: String?, what: String) throws(ClientError) -> JSON {
        let json: JSON
        do {
            json = try JSONParser.parse(response.body)
        } catch {
            throw notJSON(response, what: what, error: error)
        }
        if let expectKind {
            let kind = json["kind"]?.stringValue
            guard kind == expectKind else {
                throw .malformedResponse(
                    "the server answered \(what) with \(kind.map { "a \($0)" } ?? "an object without kind"), expected \(expectKind)")
            }
        }
        return json
    }

    /// A 2xx answer that is not JSON: usually a proxy's or a login page's HTML.
    static func notJSON(_ response: HTTPResponse, what: String, error: JSONParseError) -> ClientError {
        let contentType = response.header("Content-Type") ?? ""
        if contentType.contains("html") {
            return .malformedResponse(
                "the server answered \(what) with an HTML page, not JSON (is a proxy or login page in the way?)")
        }
        return .malformedResponse("the server's answer to \(what) is not valid JSON (\(error))")
    }

    public func get(_ path: String, expectKind: String? = nil) throws(ClientError) -> JSON {
        try sendJSON(HTTPRequest(path: path, headers: [("Accept", "application/json")]), expectKind: expectKind)
    }

    public func post(_ path: String, body: JSON, expectKind: String? = nil) throws(ClientError) -> JSON {
        try sendJSON(
            HTTPRequest(method: "POST", path: path,
                        headers: [("Accept", "application/json"), ("Content-Type", "application/json")],
                        body: Array(body.compactText.utf8)),
            expectKind: expectKind)
    }

    public func delete(_ path: String, body: JSON? = nil) throws(ClientError) -> JSON {
        try sendJSON(
            HTTPRequest(method: "DELETE", path: path,
                        headers: [("Accept", "application/json"), ("Content-Type", "application/json")],
                        body: body.map { Array($0.compactText.utf8) }))
    }

    public func patch(_ path: String, body: JSON, contentType: String = "application/merge-patch+json")
        throws(ClientError) -> JSON
    {
        try sendJSON(
            HTTPRequest(method: "PATCH", path: path,
                        headers: [("Accept", "application/json"), ("Content-Type", contentType)],
                        body: Array(body.compactText.utf8)))
    }
}

/// Query strings with Kubernetes' escaping (label selectors contain `=`, `,`, `!`).
public enum QueryString {
    public static func encode(_ parameters: [(String, String)]) -> String {
        guard !parameters.isEmpty else { return "" }
        return "?" + parameters.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    public static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 15)])
            }
        }
        return out
    }

    /// Escapes one path segment (names are DNS labels, but user input may not be).
    public static func segment(_ text: String) -> String { escape(text) }
}
