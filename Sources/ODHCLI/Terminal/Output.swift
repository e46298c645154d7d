#if canImport(Glibc)
import Glibc
#endif

/// Raised when stdout's reader went away (`| head`): the command stops quietly with 0.
struct OutputClosed: Error {}

/// A buffered writer on a file descriptor. Lines are written whole, so concurrent
/// streams merged into it never tear mid-line.
final class Output: @unchecked Sendable {
    // @unchecked: guarded by `lock` where shared (the log engine); otherwise single-threaded.
    let fd: Int32
    private var buffer: [UInt8] = []
    private let limit: Int
    private(set) var closed = false
    private var lock = pthread_mutex_t()

    init(fd: Int32, bufferLimit: Int = 64 * 1024) {
        self.fd = fd
        self.limit = bufferLimit
        pthread_mutex_init(&lock, nil)
        buffer.reserveCapacity(bufferLimit)
    }

    deinit {
        pthread_mutex_destroy(&lock)
    }

    var isTerminal: Bool { isatty(fd) == 1 }

    func write(_ text: String) throws(OutputClosed) {
        try write(bytes: Array(text.utf8))
    }

    func line(_ text: String) throws(OutputClosed) {
        var bytes = Array(text.utf8)
        bytes.append(UInt8(ascii: "\n"))
        try write(bytes: bytes)
    }

    func write(bytes: [UInt8]) throws(OutputClosed) {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        if closed { throw OutputClosed() }
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { try flushLocked() }
    }

    func flush() throws(OutputClosed) {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        try flushLocked()
    }

    private func flushLocked() throws(OutputClosed) {
        if closed { throw OutputClosed() }
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress.map { $0 + offset }, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                closed = true
                buffer.removeAll(keepingCapacity: false)
                throw OutputClosed()
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
