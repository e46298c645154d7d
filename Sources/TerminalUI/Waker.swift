import CTerminal

#if canImport(Glibc)
import Glibc
#endif

/// Why the terminal could not be used.
public struct TerminalError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A self-pipe: other threads (and signal handlers) write a byte to wake a loop blocked in
/// poll(2), which then reads the new state. Many wakes before the loop runs are one wake.
public final class Waker: @unchecked Sendable {
    // @unchecked: two file descriptors fixed at init; write(2) and read(2) are thread-safe.
    let readFD: Int32
    let writeFD: Int32

    public init() throws(TerminalError) {
        var fds: [Int32] = [-1, -1]
        guard odh_term_pipe(&fds) == 0 else {
            throw TerminalError("could not create a pipe: \(String(cString: strerror(errno)))")
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    /// From any thread.
    public func wake() {
        var byte: UInt8 = 1
        // A full pipe already holds a wake-up: EAGAIN is fine.
        _ = Glibc.write(writeFD, &byte, 1)
    }

    func drain() {
        var buffer = [UInt8](repeating: 0, count: 256)
        while buffer.withUnsafeMutableBytes({ read(readFD, $0.baseAddress, $0.count) }) > 0 {}
    }
}
