import CTerminal

#if canImport(Glibc)
import Glibc
#endif

/// What woke a full-screen loop.
public enum TerminalInput: Sendable, Equatable {
    case keys([Key])
    /// Another thread has news (`Waker.wake`).
    case woken
    /// The size changed (SIGWINCH), or the process came back from the background: repaint.
    case resized
    /// The terminal is gone (SIGHUP, end of input, EIO).
    case hungUp
    case timedOut
}

/// The terminal in full-screen mode, by hand on termios and ANSI sequences: raw input (no
/// echo, no line buffering, Ctrl-C arrives as a key), the alternate screen, a hidden cursor,
/// autowrap off. `restore` puts back exactly the termios found at `init` and leaves the
/// alternate screen; it is safe to call more than once and runs from `deinit` as a last
/// resort, so every way out — a key, a signal, an error, a hang-up — leaves the terminal
/// as it was.
public final class FullScreenTerminal {
    public let input: Int32
    public let output: Int32
    public let waker: Waker
    private var saved = termios()
    private var raw = termios()
    private(set) public var isActive = false
    private var decoder = KeyDecoder()

    static let enterSequence = "\u{1B}[?1049h\u{1B}[?25l\u{1B}[?7l\u{1B}[H\u{1B}[2J"
    static let leaveSequence = "\u{1B}[0m\u{1B}[?7h\u{1B}[?25h\u{1B}[?1049l"
    /// How long the rest of an escape sequence may take to arrive before a lone ESC is
    /// taken for the Escape key.
    static let escapeWaitMilliseconds: Int32 = 30

    public init(input: Int32 = 0, output: Int32 = 1) throws(TerminalError) {
        self.input = input
        self.output = output
        guard isatty(input) == 1, isatty(output) == 1 else { throw TerminalError("not a terminal") }
        guard tcgetattr(input, &saved) == 0 else {
            throw TerminalError("cannot read the terminal's settings: \(String(cString: strerror(errno)))")
        }
        waker = try Waker()
    }

    deinit {
        restore()
    }

    public func enter() throws(TerminalError) {
        guard !isActive else { return }
        guard odh_term_signals_install(waker.writeFD) == 0 else {
            throw TerminalError("cannot watch for terminal signals")
        }
        raw = saved
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_oflag &= ~tcflag_t(OPOST)
        raw.c_cflag |= tcflag_t(CS8)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | IEXTEN | ISIG)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(input, TCSAFLUSH, &raw) == 0 else {
            let reason = String(cString: strerror(errno))
            odh_term_signals_uninstall()
            throw TerminalError("cannot switch the terminal to raw mode: \(reason)")
        }
        isActive = true
        do {
            try write(Array(Self.enterSequence.utf8))
        } catch {
            restore()
            throw error
        }
    }

    /// Leaves the alternate screen and puts back the settings found at `init`.
    public func restore() {
        guard isActive else { return }
        isActive = false
        let bytes = Array(Self.leaveSequence.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(output, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { break }
            offset += written
        }
        _ = tcsetattr(input, TCSADRAIN, &saved)
        odh_term_signals_uninstall()
    }

    /// Rows and columns now; nil if the terminal does not say.
    public var size: (rows: Int, columns: Int)? {
        var rows: Int32 = 0
        var columns: Int32 = 0
        guard odh_term_size(output, &rows, &columns) == 0 else { return nil }
        return (Int(rows), Int(columns))
    }

    public func write(_ bytes: [UInt8]) throws(TerminalError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(output, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw TerminalError("the terminal was closed")
            }
            offset += written
        }
    }

    /// Blocks until a key, a wake-up, a signal or `timeoutMilliseconds` (-1: no limit).
    public func next(timeoutMilliseconds: Int32) -> TerminalInput {
        while true {
            if odh_term_hung_up() != 0 { return .hungUp }
            if odh_term_take_continued() != 0 {
                // A shell may have reset the terminal while we were stopped.
                _ = tcsetattr(input, TCSANOW, &raw)
                return .resized
            }
            if odh_term_take_resized() != 0 { return .resized }
            var fds = [pollfd(fd: input, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: waker.readFD, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, timeoutMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                return .hungUp
            }
            if ready == 0 { return .timedOut }
            if fds[0].revents & Int16(POLLIN) != 0 {
                switch readKeys() {
                case .some(let keys) where !keys.isEmpty: return .keys(keys)
                case .some: continue
                case .none: return .hungUp
                }
            }
            if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return .hungUp }
            if fds[1].revents & Int16(POLLIN) != 0 {
                waker.drain()
                return .woken
            }
        }
    }

    /// nil: end of input or an error (the terminal is gone).
    private func readKeys() -> [Key]? {
        guard let bytes = readAvailable() else { return nil }
        var keys = decoder.feed(bytes)
        if decoder.hasPending {
            // The rest of an escape sequence is usually in flight already.
            var fds = [pollfd(fd: input, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 1, Self.escapeWaitMilliseconds) > 0, let more = readAvailable() {
                keys += decoder.feed(more)
            }
            if decoder.hasPending { keys += decoder.flush() }
        }
        return keys
    }

    private func readAvailable() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return nil }
            return Array(buffer[0..<count])
        }
    }
}
