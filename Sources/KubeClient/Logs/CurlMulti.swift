import CCurl
import CCurlShim

/// A libcurl multi handle: one thread drives every transfer added to it, waiting on all
/// their sockets at once (no thread per stream).
final class CurlMulti {
    let raw: UnsafeMutableRawPointer

    init() throws(TransportError) {
        guard CurlEasyHandle.globalInit, let multi = curl_multi_init() else {
            throw TransportError(kind: .invalidConfiguration, message: "could not initialise libcurl", requestNotSent: true)
        }
        raw = multi
    }

    deinit {
        curl_multi_cleanup(raw)
    }

    func add(_ easy: CurlEasyHandle) throws(TransportError) {
        let code = curl_multi_add_handle(raw, easy.raw)
        guard code == CURLM_OK else {
            throw TransportError(kind: .other, message: "libcurl could not start a transfer: \(Self.describe(code))",
                                 requestNotSent: true)
        }
    }

    func remove(_ easy: CurlEasyHandle) {
        // Removing a handle that is not added is harmless: libcurl answers CURLM_OK or BAD_EASY_HANDLE.
        _ = curl_multi_remove_handle(raw, easy.raw)
    }

    /// Moves every transfer along as far as its sockets allow; callbacks run in here.
    func perform() {
        var running: Int32 = 0
        _ = curl_multi_perform(raw, &running)
    }

    /// Sleeps until a socket is ready, `wakeup` is called, or the timeout passes.
    func poll(milliseconds: Int32) {
        var ready: Int32 = 0
        _ = curl_multi_poll(raw, nil, 0, milliseconds, &ready)
    }

    /// Ends a `poll` early; the one call that is safe from another thread.
    func wakeup() {
        _ = curl_multi_wakeup(raw)
    }

    func nextFinished() -> (UnsafeMutableRawPointer, CURLcode)? {
        var easy: UnsafeMutableRawPointer?
        var result = CURLE_OK
        guard odh_curl_multi_next_done(raw, &easy, &result) == 1, let easy else { return nil }
        return (easy, result)
    }

    static func describe(_ code: CURLMcode) -> String {
        guard let text = curl_multi_strerror(code) else { return "libcurl multi error \(code.rawValue)" }
        return String(cString: text)
    }
}
