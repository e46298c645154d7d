import CCurl
import CCurlShim

#if canImport(Glibc)
import Glibc
#endif

/// A flag one thread raises to end another thread's blocking work (a watch) at once.
/// Transfers of a client bound to it register their sockets here; `cancel` shuts them
/// down, so a transfer blocked waiting for data wakes immediately (the progress callback
/// alone would notice only within a second) and throws `.interrupted`.
public final class Cancellation: @unchecked Sendable {
    // @unchecked: the flag and the sockets are used only under `lock`.
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private var cancelled = false
    private var sockets: Set<Int32> = []

    public init() {
        lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
    }

    deinit {
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    public var isCancelled: Bool {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return cancelled
    }

    public func cancel() {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        cancelled = true
        // Under the lock: a socket is closed only through `closed(_:)`, so its number
        // cannot have been reused by another file in the meantime.
        for fd in sockets { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    /// A new socket of a bound transfer; false once cancelled (the connection is refused).
    fileprivate func opened(_ fd: Int32) -> Bool {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if cancelled { return false }
        sockets.insert(fd)
        return true
    }

    fileprivate func closed(_ fd: Int32) {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        sockets.remove(fd)
        close(fd)
    }

    /// Hooks a handle's sockets to this cancellation (which the handle keeps alive: libcurl
    /// calls the close hook until the handle is cleaned up).
    func bind(_ easy: CurlEasyHandle) {
        easy.socketOwner = self
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = odh_curl_setopt_sockopt(easy.raw, cancellableSocketOpened, context)
        _ = odh_curl_setopt_closesocket(easy.raw, cancellableSocketClosed, context)
    }
}

private let cancellableSocketOpened: odh_curl_sockopt_cb = { context, fd, _ in
    guard let context else { return 0 }
    let cancellation = Unmanaged<Cancellation>.fromOpaque(context).takeUnretainedValue()
    return cancellation.opened(fd) ? 0 /* CURL_SOCKOPT_OK */ : 1 /* CURL_SOCKOPT_ERROR */
}

private let cancellableSocketClosed: odh_curl_closesocket_cb = { context, fd in
    guard let context else { return close(fd) }
    Unmanaged<Cancellation>.fromOpaque(context).takeUnretainedValue().closed(fd)
    return 0
}

extension KubeAPI {
    /// Ends this client's transfers (they throw `.interrupted`) once `cancellation` is raised.
    /// For clients driven on a background thread, such as the watches of a log follow;
    /// bind before the client's first request.
    public func cancelTransfers(on cancellation: Cancellation) {
        transport.cancellation = cancellation
    }
}
