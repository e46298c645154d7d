#if canImport(Glibc)
import Glibc
#endif

/// One answer typed on a terminal in its ordinary (canonical) mode: the kernel does the
/// echo and the editing (Backspace, Ctrl-U, Ctrl-W), so nothing needs restoring afterwards.
public enum LineReader {
    public enum Result: Sendable, Equatable {
        case line(String)
        /// Ctrl-C: SIGINT interrupted the read (the handler is installed without SA_RESTART).
        case interrupted
        /// End of input (Ctrl-D on an empty line, or the terminal went away).
        case ended
    }

    /// Reads up to a newline from `fd`. `interrupted` says whether Ctrl-C was pressed; it
    /// is asked whenever a read is interrupted by a signal.
    public static func read(fd: Int32 = 0, interrupted: () -> Bool) -> Result {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            if interrupted() { return .interrupted }
            let count = Glibc.read(fd, &byte, 1)
            if count < 0 {
                if errno == EINTR { continue }
                return .ended
            }
            if count == 0 {
                return bytes.isEmpty ? .ended : .line(String(decoding: bytes, as: UTF8.self))
            }
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        var text = String(decoding: bytes, as: UTF8.self)
        while text.last == "\r" { text.removeLast() }
        return .line(text)
    }
}
