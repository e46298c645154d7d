#if canImport(Glibc)
import Glibc
#endif

/// Cuts a byte stream into lines wherever its chunks happen to break. Lines inside a chunk
/// are handed on in the chunk's own memory (no copy, no allocation per line); only a line
/// that straddles a chunk boundary is gathered in `pending` until its newline arrives.
public struct LineSplitter: Sendable {
    /// A "line" longer than this without a newline is handed on in pieces, so a stream
    /// without newlines cannot grow memory without bound.
    public let maxLineBytes: Int
    public private(set) var pending: [UInt8] = []

    public init(maxLineBytes: Int = 1 << 20) {
        self.maxLineBytes = max(1, maxLineBytes)
    }

    public var hasPending: Bool { !pending.isEmpty }

    /// Calls `line` with each complete line of `chunk` (without its `\n`), in order.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ line: (UnsafeRawBufferPointer) -> Void) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        let count = chunk.count
        var start = 0
        while start < count, let found = memchr(base + start, 0x0A, count - start) {
            let end = base.distance(to: UnsafeRawPointer(found))
            let piece = UnsafeRawBufferPointer(start: base + start, count: end - start)
            if pending.isEmpty {
                line(piece)
            } else {
                pending.append(contentsOf: piece)
                emitPending(line)
            }
            start = end + 1
        }
        guard start < count else { return }
        pending.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: count - start))
        while pending.count >= maxLineBytes {
            pending.withUnsafeBytes { line(UnsafeRawBufferPointer(rebasing: $0[..<maxLineBytes])) }
            pending.removeFirst(maxLineBytes)
        }
    }

    /// The stream ended: an unterminated last line is handed on as a line of its own.
    public mutating func finish(_ line: (UnsafeRawBufferPointer) -> Void) {
        if !pending.isEmpty { emitPending(line) }
    }

    /// Forgets an incomplete line, for a stream that will be resumed: the resumed read
    /// sends that line again, whole.
    public mutating func discardPending() {
        pending.removeAll(keepingCapacity: true)
    }

    private mutating func emitPending(_ line: (UnsafeRawBufferPointer) -> Void) {
        pending.withUnsafeBytes { line($0) }
        pending.removeAll(keepingCapacity: true)
    }
}
