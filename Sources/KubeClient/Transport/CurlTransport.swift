import CCurl
import CCurlShim

#if canImport(Glibc)
import Glibc
#endif

/// One libcurl easy handle, reused for every request so the TLS connection stays open
/// (a new handshake per request would dominate short commands).
public final class CurlTransport: @unchecked Sendable {
    // @unchecked: a handle is used by one thread at a time; the log engine makes its own handles.
    private let easy: CurlEasyHandle
    public var settings: ConnectionSettings { easy.settings }
    public var logger: RequestLogger?
    /// Set by whoever runs this transport on a background thread, to end its transfer
    /// (a watch) from another thread; the transfer then throws `.interrupted`.
    var cancellation: Cancellation? {
        didSet { cancellation?.bind(easy) }
    }

    public init(settings: ConnectionSettings, logger: RequestLogger? = nil) throws(TransportError) {
        easy = try CurlEasyHandle(settings: settings)
        self.logger = logger
    }

    /// Sends a request and returns the whole answer.
    public func send(_ request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        let state = TransferState(streaming: nil)
        try perform(request, state: state)
        return HTTPResponse(status: state.status, headers: state.headers, body: state.body)
    }

    /// Sends a request whose 2xx body is handed to `onData` chunk by chunk as it arrives
    /// (watches, followed logs). A non-2xx answer is returned whole instead, for the caller's
    /// error handling. `deadline` is a monotonic time (seconds) after which the stream ends.
    public func stream(
        _ request: HTTPRequest, deadline: Double? = nil,
        onData: (UnsafeRawBufferPointer) -> StreamDecision
    ) throws(TransportError) -> HTTPResponse {
        // The closure lives only for the duration of this transfer.
        let result: Result<HTTPResponse, TransportError> = withoutActuallyEscaping(onData) { escapable in
            let state = TransferState(streaming: escapable)
            state.deadline = deadline
            return Result { () throws(TransportError) -> HTTPResponse in
                try perform(request, state: state)
                return HTTPResponse(status: state.status, headers: state.headers, body: state.body)
            }
        }
        return try result.get()
    }

    private func perform(_ request: HTTPRequest, state: TransferState) throws(TransportError) {
        state.cancellation = cancellation
        let unmanaged = Unmanaged.passRetained(state)
        defer { unmanaged.release() }
        let context = unmanaged.toOpaque()
        let handle = easy.raw

        let prepared = try easy.prepare(request)
        try easy.check(odh_curl_setopt_write(handle, CURLOPT_WRITEFUNCTION, curlWriteCallback), "WRITEFUNCTION")
        try easy.check(odh_curl_setopt_ptr(handle, CURLOPT_WRITEDATA, context), "WRITEDATA")
        try easy.check(odh_curl_setopt_write(handle, CURLOPT_HEADERFUNCTION, curlHeaderCallback), "HEADERFUNCTION")
        try easy.check(odh_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, context), "HEADERDATA")
        try easy.check(odh_curl_setopt_xferinfo(handle, curlProgressCallback), "XFERINFOFUNCTION")
        try easy.check(odh_curl_setopt_ptr(handle, CURLOPT_XFERINFODATA, context), "XFERINFODATA")

        let body = request.body ?? []
        let result: CURLcode = body.withUnsafeBytes { raw -> CURLcode in
            if request.method != "GET" {
                if request.body != nil || request.method == "POST" {
                    _ = odh_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE_LARGE, raw.count)
                    if let base = raw.baseAddress, raw.count > 0 {
                        _ = odh_curl_setopt_ptr(handle, CURLOPT_POSTFIELDS, base)
                    } else {
                        _ = odh_curl_setopt_ptr(handle, CURLOPT_POSTFIELDS, "")
                    }
                }
                if request.method != "POST" {
                    _ = odh_curl_setopt_ptr(handle, CURLOPT_CUSTOMREQUEST, request.method)
                }
            }
            return curl_easy_perform(handle)
        }
        let status = easy.responseStatus
        state.status = status
        logger?.log(prepared.log(status: status, responseHeaders: state.headers, bodyBytes: request.body?.count ?? 0))

        if state.cancellation?.isCancelled == true {
            // Cancelled from another thread (its socket was shut down): not a network failure.
            throw TransportError(kind: .interrupted, message: "cancelled", requestNotSent: status == 0)
        }
        if result == CURLE_OK { return }
        // A consumer that stopped the stream, or a deadline that passed, is a normal end.
        if state.stoppedByConsumer { return }
        if state.deadlineReached { return }
        if state.interrupted {
            throw TransportError(kind: .interrupted, message: "interrupted", requestNotSent: status == 0)
        }
        throw easy.classify(result, bytesReceived: state.bytesReceived)
    }

    static func describe(_ code: CURLcode) -> String {
        guard let text = curl_easy_strerror(code) else { return "libcurl error \(code.rawValue)" }
        return String(cString: text)
    }
}

/// A libcurl easy handle set up for one API server: TLS material, credentials, proxy and
/// tls-server-name. `CurlTransport` owns one; the log engine owns one per stream, so both
/// reach the server exactly the same way.
final class CurlEasyHandle {
    let raw: UnsafeMutableRawPointer
    let settings: ConnectionSettings
    let baseURL: String
    private let connectTo: String?
    private var connectToList: UnsafeMutablePointer<curl_slist>?
    /// Whatever the socket hooks point to (a `Cancellation`): alive as long as the handle.
    var socketOwner: AnyObject?

    /// curl_global_init is not thread-safe: run once, lazily, before the first handle.
    static let globalInit: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()

    init(settings: ConnectionSettings) throws(TransportError) {
        guard CurlEasyHandle.globalInit, let easy = curl_easy_init() else {
            throw TransportError(kind: .invalidConfiguration, message: "could not initialise libcurl", requestNotSent: true)
        }
        raw = easy
        self.settings = settings
        var server = settings.server
        while server.hasSuffix("/") { server.removeLast() }
        guard let url = ServerURL(server) else {
            curl_easy_cleanup(easy)
            throw TransportError(
                kind: .invalidConfiguration, message: "invalid server URL \"\(settings.server)\" in kubeconfig",
                requestNotSent: true)
        }
        // tls-server-name: verify and send SNI for that name while connecting to the real host.
        if let name = settings.tlsServerName, !name.isEmpty, name != url.host {
            baseURL = "\(url.scheme)://\(name):\(url.port)\(url.path)"
            connectTo = "\(name):\(url.port):\(url.host):\(url.port)"
        } else {
            baseURL = server
            connectTo = nil
        }
        try configureConnection()
    }

    deinit {
        curl_easy_cleanup(raw)
        curl_slist_free_all(connectToList)
    }

    func check(_ code: CURLcode, _ what: String) throws(TransportError) {
        guard code == CURLE_OK else {
            throw TransportError(
                kind: .invalidConfiguration, message: "libcurl rejected \(what): \(CurlTransport.describe(code))",
                requestNotSent: true)
        }
    }

    private func configureConnection() throws(TransportError) {
        let handle = raw
        try check(odh_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "NOSIGNAL")
        try check(odh_curl_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1), "TCP_KEEPALIVE")
        try check(odh_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, 10_000), "CONNECTTIMEOUT")
        try check(odh_curl_setopt_ptr(handle, CURLOPT_USERAGENT, settings.userAgent), "USERAGENT")
        // Kubernetes answers JSON compressed when asked: large lists shrink ~10x.
        try check(odh_curl_setopt_ptr(handle, CURLOPT_ACCEPT_ENCODING, "gzip"), "ACCEPT_ENCODING")
        if settings.insecureSkipTLSVerify {
            try check(odh_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 0), "SSL_VERIFYPEER")
            try check(odh_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 0), "SSL_VERIFYHOST")
        }
        switch settings.certificateAuthority {
        case .file(let path)?: try check(odh_curl_setopt_ptr(handle, CURLOPT_CAINFO, path), "certificate-authority")
        case .data(let bytes)?:
            try check(bytes.withUnsafeBytes { odh_curl_setopt_blob(handle, CURLOPT_CAINFO_BLOB, $0.baseAddress, $0.count) },
                      "certificate-authority-data")
        case nil: break
        }
        switch settings.clientCertificate {
        case .file(let path)?: try check(odh_curl_setopt_ptr(handle, CURLOPT_SSLCERT, path), "client-certificate")
        case .data(let bytes)?:
            try check(bytes.withUnsafeBytes { odh_curl_setopt_blob(handle, CURLOPT_SSLCERT_BLOB, $0.baseAddress, $0.count) },
                      "client-certificate-data")
        case nil: break
        }
        switch settings.clientKey {
        case .file(let path)?: try check(odh_curl_setopt_ptr(handle, CURLOPT_SSLKEY, path), "client-key")
        case .data(let bytes)?:
            try check(bytes.withUnsafeBytes { odh_curl_setopt_blob(handle, CURLOPT_SSLKEY_BLOB, $0.baseAddress, $0.count) },
                      "client-key-data")
        case nil: break
        }
        if let connectTo {
            let list = curl_slist_append(nil, connectTo)
            connectToList = list
            try check(odh_curl_setopt_ptr(handle, CURLOPT_CONNECT_TO, list), "tls-server-name")
        }
        if let proxy = settings.proxyURL, !proxy.isEmpty {
            try check(odh_curl_setopt_ptr(handle, CURLOPT_PROXY, proxy), "proxy-url")
        }
        if case .basic(let user, let password) = settings.credentials {
            try check(odh_curl_setopt_ptr(handle, CURLOPT_USERNAME, user), "username")
            try check(odh_curl_setopt_ptr(handle, CURLOPT_PASSWORD, password), "password")
            try check(odh_curl_setopt_long(handle, CURLOPT_HTTPAUTH, 1 /* CURLAUTH_BASIC */), "HTTPAUTH")
        }
    }

    /// Sets what every request needs: URL, headers (credentials and impersonation added
    /// here, and masked for `-v`), timeout, and GET as the method until the caller says
    /// otherwise. Callbacks are the caller's. The result must outlive the transfer.
    func prepare(_ request: HTTPRequest) throws(TransportError) -> PreparedRequest {
        let url = baseURL + request.path
        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        var logged: [(String, String)] = []
        func addHeader(_ name: String, _ value: String, masked: String? = nil) {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
            logged.append((name, masked ?? value))
        }
        for (name, value) in request.headers { addHeader(name, value) }
        if case .bearer(let token) = settings.credentials, !token.isEmpty {
            addHeader("Authorization", "Bearer \(token)", masked: "Bearer <masked>")
        }
        if let user = settings.impersonateUser { addHeader("Impersonate-User", user) }
        for group in settings.impersonateGroups { addHeader("Impersonate-Group", group) }
        // libcurl would otherwise send "Expect: 100-continue" for bodies, costing a round trip.
        headerList = curl_slist_append(headerList, "Expect:")
        let prepared = PreparedRequest(method: request.method, url: url, headerList: headerList, loggedHeaders: logged)

        try check(odh_curl_setopt_ptr(raw, CURLOPT_URL, url), "URL")
        try check(odh_curl_setopt_ptr(raw, CURLOPT_HTTPHEADER, headerList), "headers")
        let timeout = request.timeout ?? settings.requestTimeout
        try check(odh_curl_setopt_long(raw, CURLOPT_TIMEOUT_MS, Int(((timeout ?? 0) * 1000).rounded())), "TIMEOUT")
        // libcurl silently resends a request when a reused connection dies before any
        // answer; for a POST that may already have been applied that would create twice.
        // A fresh connection for every non-idempotent request rules that out.
        try check(odh_curl_setopt_long(raw, CURLOPT_FRESH_CONNECT, request.isIdempotent ? 0 : 1), "FRESH_CONNECT")
        // Reset the method each time: the handle is reused across GET, POST and DELETE.
        try check(odh_curl_setopt_long(raw, CURLOPT_HTTPGET, 1), "HTTPGET")
        try check(odh_curl_setopt_ptr(raw, CURLOPT_CUSTOMREQUEST, nil), "CUSTOMREQUEST")
        return prepared
    }

    /// The HTTP status of the last transfer (0 if none arrived).
    var responseStatus: Int {
        var code: Int = 0
        return odh_curl_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &code) == CURLE_OK ? code : 0
    }

    func classify(_ code: CURLcode, bytesReceived: Int) -> TransportError {
        let detail = CurlTransport.describe(code)
        switch code {
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return TransportError(kind: .couldNotConnect, message: "cannot connect to \(settings.server): \(detail)",
                                  requestNotSent: true)
        case CURLE_OPERATION_TIMEDOUT:
            return TransportError(kind: .timedOut, message: "request to \(settings.server) timed out (\(detail))",
                                  requestNotSent: false)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_CRL_BADFILE:
            return TransportError(kind: .tls, message: "TLS with \(settings.server) failed: \(detail)",
                                  requestNotSent: true)
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE:
            return TransportError(
                kind: .connectionLost,
                message: "connection to \(settings.server) lost\(bytesReceived > 0 ? " mid-response" : ""): \(detail)",
                requestNotSent: false)
        default:
            return TransportError(kind: .other, message: "request to \(settings.server) failed: \(detail)",
                                  requestNotSent: false)
        }
    }
}

/// The parts of a request that must live until its transfer ends (libcurl keeps pointers
/// to the header list), and what `-v` prints about it.
final class PreparedRequest {
    let method: String
    let url: String
    let loggedHeaders: [(String, String)]
    let started = Monotonic.now()
    private let headerList: UnsafeMutablePointer<curl_slist>?

    init(method: String, url: String, headerList: UnsafeMutablePointer<curl_slist>?, loggedHeaders: [(String, String)]) {
        self.method = method
        self.url = url
        self.headerList = headerList
        self.loggedHeaders = loggedHeaders
    }

    deinit {
        curl_slist_free_all(headerList)
    }

    func log(status: Int, responseHeaders: [(String, String)], bodyBytes: Int) -> RequestLog {
        RequestLog(method: method, url: url, requestHeaders: loggedHeaders, status: status,
                   responseHeaders: responseHeaders, milliseconds: Int((Monotonic.now() - started) * 1000),
                   bodyBytes: bodyBytes)
    }
}

/// Parsed pieces of the kubeconfig `server` URL.
struct ServerURL {
    var scheme: String
    var host: String
    var port: Int
    var path: String

    init?(_ text: String) {
        let lower = text.lowercased()
        if lower.hasPrefix("https://") {
            scheme = "https"
        } else if lower.hasPrefix("http://") {
            scheme = "http"
        } else {
            return nil
        }
        var rest = Substring(text.dropFirst(scheme.count + 3))
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[slash...])
            rest = rest[..<slash]
        } else {
            path = ""
        }
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = String(rest[...close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") {
                guard let value = Int(after.dropFirst()) else { return nil }
                port = value
            } else {
                port = scheme == "https" ? 443 : 80
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            guard let value = Int(rest[rest.index(after: colon)...]) else { return nil }
            port = value
        } else {
            host = String(rest)
            port = scheme == "https" ? 443 : 80
        }
        if host.isEmpty { return nil }
    }
}

final class TransferState {
    let streaming: ((UnsafeRawBufferPointer) -> StreamDecision)?
    var status = 0
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    var bytesReceived = 0
    var deadline: Double?
    var stoppedByConsumer = false
    var deadlineReached = false
    var interrupted = false
    var cancellation: Cancellation?

    init(streaming: ((UnsafeRawBufferPointer) -> StreamDecision)?) {
        self.streaming = streaming
    }
}

private let curlWriteCallback: odh_curl_data_cb = { pointer, size, count, context in
    guard let pointer, let context else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    state.bytesReceived += length
    let chunk = UnsafeRawBufferPointer(start: pointer, count: length)
    if let streaming = state.streaming, (200..<300).contains(state.status) {
        if case .stop = streaming(chunk) {
            state.stoppedByConsumer = true
            return 0
        }
    } else {
        state.body.append(contentsOf: chunk)
    }
    return length
}

let curlHeaderCallback: odh_curl_data_cb = { pointer, size, count, context in
    guard let pointer, let context else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    let line = String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    let trimmed = line.trimmingCharacters(in: [" ", "\r", "\n", "\r\n"])
    if trimmed.hasPrefix("HTTP/") {
        // A new status line (after 100 Continue or a proxy CONNECT): start over.
        state.headers = []
        let parts = trimmed.split(separator: " ")
        if parts.count >= 2, let code = Int(parts[1]) { state.status = code }
    } else if let colon = trimmed.firstIndex(of: ":") {
        let name = String(trimmed[..<colon])
        let value = String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: [" "])
        state.headers.append((name, value))
    }
    return length
}

private let curlProgressCallback: odh_curl_xferinfo_cb = { context, _, _, _, _ in
    guard let context else { return 0 }
    let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
    if odh_was_interrupted() != 0 || state.cancellation?.isCancelled == true {
        state.interrupted = true
        return 1
    }
    if let deadline = state.deadline, Monotonic.now() >= deadline {
        state.deadlineReached = true
        return 1
    }
    return 0
}

