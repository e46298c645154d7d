#if canImport(Glibc)
import Glibc
#endif

/// Where a log stream got to, so a dropped stream resumes without losing or repeating a
/// line: the last line's timestamp and how many lines so far carried exactly that
/// timestamp. The resumed request asks for `sinceTime=<that timestamp>`; the API server
/// may round it down to the second (kube-apiserver passes it on as RFC 3339 without
/// fraction), so the lines before it and the ones already seen at it are skipped here.
public struct ResumeCursor: Sendable {
    /// The timestamp of the last line shown, as the server wrote it.
    public private(set) var lastStamp: [UInt8] = []
    /// Lines shown so far whose timestamp is exactly `lastStamp`.
    public private(set) var linesAtLastStamp = 0
    private var skipBefore: LogTimestamp?
    private var skipAtStamp = 0

    public init() {}

    public var isEmpty: Bool { lastStamp.isEmpty }

    /// The `sinceTime` for a resumed request; nil before any line was seen.
    public var sinceTime: String? { lastStamp.isEmpty ? nil : String(decoding: lastStamp, as: UTF8.self) }

    /// Arms the de-duplication for a new request that starts at `sinceTime`.
    public mutating func resume() {
        guard let key = lastStamp.withUnsafeBytes({ LogTimestamp.parse($0) }) else {
            skipBefore = nil
            return
        }
        skipBefore = key
        skipAtStamp = linesAtLastStamp
    }

    /// True if the line with this timestamp is new (it is then counted), false if it was
    /// shown before the stream was resumed.
    public mutating func admit(_ stamp: UnsafeRawBufferPointer) -> Bool {
        if let skip = skipBefore {
            if let key = LogTimestamp.parse(stamp) {
                if key < skip { return false }
                if key == skip && skipAtStamp > 0 {
                    skipAtStamp -= 1
                    return false
                }
            }
            // Past the cursor: everything from here on is new.
            skipBefore = nil
        }
        record(stamp)
        return true
    }

    private mutating func record(_ stamp: UnsafeRawBufferPointer) {
        if stamp.count == lastStamp.count, stamp.count > 0, let base = stamp.baseAddress,
            lastStamp.withUnsafeBytes({ $0.baseAddress.map { memcmp($0, base, stamp.count) == 0 } ?? false })
        {
            linesAtLastStamp += 1
            return
        }
        lastStamp.removeAll(keepingCapacity: true)
        lastStamp.append(contentsOf: stamp)
        linesAtLastStamp = 1
    }
}
