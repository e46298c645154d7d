import CCurl
import CCurlShim

/// One target being read: its own easy handle (its own connection), the partial line cut
/// by the last chunk, and the cursor to resume from. Owned and driven by the engine's thread.
final class LogStream {
    enum Phase: Equatable {
        /// The container has not started; asked again at `retryAt` or when its pod changes.
        case waitingToStart(retryAt: Double)
        /// A request goes out at this monotonic time (a reconnect, after backoff).
        case scheduled(at: Double)
        case transferring
        /// Read to the end of a run that ended; read again once the container runs again.
        case held
        case done
    }

    unowned let engine: LogStreamEngine
    let index: Int
    var target: LogTarget
    let easy: CurlEasyHandle
    var phase: Phase = .scheduled(at: 0)
    /// Status line, headers and (for errors) body of the current request.
    var transfer = TransferState(streaming: nil)
    var prepared: PreparedRequest?
    var splitter = LineSplitter()
    var cursor = ResumeCursor()
    /// The target's state when the current request went out: a run that had already ended
    /// then is read to its end by that request.
    var stateAtRequest: ContainerLogState?
    /// A 2xx answer came once: the log is readable, and later requests are resumptions.
    var answered = false
    /// The server's clock at the first answer: where to resume if no line was seen yet.
    var firstAnswerTime: String?
    var failures = 0
    /// Consecutive requests that ended cleanly without a new line (backoff for those).
    var emptyEnds = 0
    var linesThisRequest = 0
    /// Body bytes of the current request (what `--limit-bytes` counts).
    var bytesThisRequest = 0
    /// The job has ended and this is the stream's last read: a request without `follow`,
    /// from the cursor, which the server ends once it has sent everything the container wrote.
    var finalRead = false
    /// The last transfer ended with the server closing the stream properly (not a drop).
    var lastEndClean = false
    var lastDataAt = 0.0
    /// Grouped output: the transfer waits (CURL_WRITEFUNC_PAUSE) until its turn.
    var paused = false
    var announced = false
    var waitingReasonTold: String?
    /// When the engine first heard of the target: the start of its waiting grace.
    let seenAt = Monotonic.now()
    /// Grouped output: notices held back until the stream's turn, to keep their order.
    var deferred: [LogNotice] = []

    init(engine: LogStreamEngine, index: Int, target: LogTarget, easy: CurlEasyHandle) throws(TransportError) {
        self.engine = engine
        self.index = index
        self.target = target
        self.easy = easy
        let context = Unmanaged.passUnretained(self).toOpaque()
        try easy.check(odh_curl_setopt_write(easy.raw, CURLOPT_WRITEFUNCTION, logWriteCallback), "WRITEFUNCTION")
        try easy.check(odh_curl_setopt_ptr(easy.raw, CURLOPT_WRITEDATA, context), "WRITEDATA")
        try easy.check(odh_curl_setopt_write(easy.raw, CURLOPT_HEADERFUNCTION, curlHeaderCallback), "HEADERFUNCTION")
        // One connection per stream: pausing one HTTP/2 stream of a shared connection makes
        // libcurl buffer it (or stall its neighbours), and a log stream is long-lived anyway.
        try easy.check(odh_curl_setopt_long(easy.raw, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1)), "HTTP_VERSION")
    }

    /// Sets up the next request; the engine adds the handle to its multi handle.
    func prepare(path: String) throws(TransportError) {
        transfer = TransferState(streaming: nil)
        prepared = try easy.prepare(HTTPRequest(path: path, timeout: 0))
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        try easy.check(odh_curl_setopt_ptr(easy.raw, CURLOPT_HEADERDATA, context), "HEADERDATA")
        stateAtRequest = target.state
        linesThisRequest = 0
        bytesThisRequest = 0
        paused = false
    }

    var status: Int { transfer.status }

    var response: HTTPResponse { HTTPResponse(status: transfer.status, headers: transfer.headers, body: transfer.body) }

    static func instance(_ state: ContainerLogState?) -> String? {
        switch state {
        case .running(let instance)?: return instance
        case .terminated(let instance, _)?: return instance
        default: return nil
        }
    }
}

private let logWriteCallback: odh_curl_data_cb = { pointer, size, count, context in
    guard let pointer, let context else { return 0 }
    let stream = Unmanaged<LogStream>.fromOpaque(context).takeUnretainedValue()
    return stream.engine.receive(stream, UnsafeRawBufferPointer(start: pointer, count: size * count))
}
