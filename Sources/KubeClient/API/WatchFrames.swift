/// One event line of a watch response, decoded.
public enum WatchFrame: Sendable, Equatable {
    /// The server's progress mark: nothing changed up to this resourceVersion.
    case bookmark(resourceVersion: String?)
    /// The server ended the watch with a Status (410 Expired: list again).
    case error(APIStatus)
    /// ADDED, MODIFIED or DELETED.
    case change(type: String, object: JSON)
}

/// Cuts a watch response (newline-delimited JSON over a chunked body) into event lines
/// wherever its chunks happen to break, and decodes each. Kept apart from `ListWatcher` so the
/// framing can be fuzzed on its own (Tests/Fuzz/FuzzWatch.swift).
public struct WatchFrameReader: Sendable {
    private var buffer: [UInt8] = []
    /// How far `buffer` is known to hold no newline: a large event arriving in many chunks is
    /// scanned once, not once per chunk.
    private var scanned = 0

    public init() {}

    /// Bytes received after the last complete line (an event still arriving).
    public var pendingBytes: Int { buffer.count }

    /// The complete, non-empty lines that `chunk` finishes, in order.
    public mutating func lines(_ chunk: UnsafeRawBufferPointer) -> [[UInt8]] {
        buffer.append(contentsOf: chunk)
        var out: [[UInt8]] = []
        var start = 0
        var from = scanned
        while let newline = buffer[from...].firstIndex(of: UInt8(ascii: "\n")) {
            if newline > start { out.append(Array(buffer[start..<newline])) }
            start = newline + 1
            from = start
        }
        if start > 0 { buffer.removeFirst(start) }
        scanned = buffer.count
        return out
    }

    /// One line as the watch protocol defines it: `{"type":…,"object":…}`.
    public static func decode(_ line: [UInt8]) throws(ClientError) -> WatchFrame {
        let event: JSON
        do {
            event = try JSONParser.parse(line)
        } catch {
            throw ClientError.malformedResponse("the watch stream carried a line that is not JSON (\(error))")
        }
        guard let type = event["type"]?.stringValue, let object = event["object"] else {
            throw ClientError.malformedResponse("the watch stream carried an event without type or object")
        }
        switch type {
        case "BOOKMARK":
            return .bookmark(resourceVersion: object[path: "metadata", "resourceVersion"]?.stringValue)
        case "ERROR":
            return .error(APIStatus(
                code: object["code"]?.intValue ?? 0, reason: object["reason"]?.stringValue ?? "",
                message: object["message"]?.stringValue ?? "watch error"))
        case "ADDED", "MODIFIED", "DELETED":
            return .change(type: type, object: object)
        default:
            throw ClientError.malformedResponse("the watch stream carried an unknown event type \"\(type)\"")
        }
    }
}
