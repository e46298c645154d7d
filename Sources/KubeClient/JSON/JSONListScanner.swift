/// Reads a Kubernetes list (`{"apiVersion":…,"items":[…],"kind":…,"metadata":{…}}`) as its
/// bytes arrive. Each element of the top-level `items` array is handed over, as the bytes the
/// server sent, as soon as its last byte is in; only the element being received is buffered.
/// So a 40 MB list never exists as one body or one tree. The other top-level members are small
/// and kept for `finish`.
///
/// The scanner only finds where values start and end; every value is checked by `JSONParser`
/// (elements by whoever receives them, the other members here), so what it accepts is exactly
/// what the parser accepts.
public struct JSONListScanner {
    private enum State {
        case start, keyOrEnd, key, nextKey, colon, value, member, memberEnd
        case itemOrEnd, item, nextItem, itemEnd, done
    }

    private var state = State.start
    private var capture = ValueCapture()
    private var key = ""
    private var members = JSONObject()
    private var items: ListItems = .absent
    /// Bytes consumed before the current chunk, and where the last line began (for errors).
    private var offset = 0
    private var line = 1
    private var lineStart = 0

    public init() {}

    /// What the list held besides its items.
    public struct Envelope: Sendable {
        /// Top-level members other than an `items` array (kind, apiVersion, metadata…).
        public var members: JSONObject
        public var items: ListItems
    }

    public enum ListItems: Sendable, Equatable {
        /// An array with this many elements (each handed over by `feed`).
        case array(count: Int)
        case null
        case absent
        /// Something that is not an array: a malformed list.
        case other(JSON)
    }

    /// Consumes the next bytes of the body. `item` receives each complete element of `items`
    /// (the bytes are valid only during the call); syntax errors become `E` through `syntax`.
    public mutating func feed<E: Error>(
        _ chunk: UnsafeRawBufferPointer, syntax: (JSONParseError) -> E,
        item: (UnsafeBufferPointer<UInt8>) throws(E) -> Void
    ) throws(E) {
        guard let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let n = chunk.count
        var i = 0
        defer { offset += n }
        while i < n {
            let byte = base[i]
            switch state {
            case .item, .key, .member:
                let start = i
                let (end, ended) = capture.consume(base, from: i, to: n, newlines: &line, lineStart: &lineStart,
                                                      offset: offset)
                i = end
                guard ended else {
                    capture.bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
                    continue
                }
                let whole: UnsafeBufferPointer<UInt8>
                if capture.bytes.isEmpty {
                    whole = UnsafeBufferPointer(start: base + start, count: end - start)
                    try complete(whole, syntax: syntax, item: item)
                } else {
                    // Taken out of `capture` while in use, so clearing it afterwards keeps its storage.
                    var bytes: [UInt8] = []
                    swap(&bytes, &capture.bytes)
                    bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
                    try bytes.withUnsafeBufferPointer { (buffer) throws(E) in
                        try complete(buffer, syntax: syntax, item: item)
                    }
                    bytes.removeAll(keepingCapacity: true)
                    swap(&bytes, &capture.bytes)
                }
                continue
            default:
                break
            }
            i += 1
            if byte == 0x20 || byte == 0x09 || byte == 0x0D { continue }
            if byte == 0x0A {
                line += 1
                lineStart = offset + i
                continue
            }
            switch state {
            case .start:
                guard byte == UInt8(ascii: "{") else { throw syntax(notAValue(byte, at: i - 1)) }
                state = .keyOrEnd
            case .keyOrEnd, .nextKey:
                if byte == UInt8(ascii: "}") && state == .keyOrEnd {
                    state = .done
                } else if byte == UInt8(ascii: "\"") {
                    capture.begin(byte)
                    state = .key
                    i -= 1
                } else {
                    throw syntax(error(at: i - 1, "expected a string key in object"))
                }
            case .colon:
                guard byte == UInt8(ascii: ":") else { throw syntax(error(at: i - 1, "expected ':' after object key")) }
                state = .value
            case .value:
                if Self.cannotStartValue(byte) { throw syntax(notAValue(byte, at: i - 1)) }
                if key == "items" && byte == UInt8(ascii: "[") {
                    if case .array = items {
                        throw syntax(error(at: i - 1, "the list has two items arrays"))
                    }
                    items = .array(count: 0)
                    state = .itemOrEnd
                } else {
                    capture.begin(byte)
                    state = .member
                    i -= 1
                }
            case .memberEnd:
                guard let next = Self.after(byte, comma: .nextKey, close: UInt8(ascii: "}"), closed: .done) else {
                    throw syntax(error(at: i - 1, "expected ',' or '}' in object"))
                }
                state = next
            case .itemOrEnd, .nextItem:
                if byte == UInt8(ascii: "]") && state == .itemOrEnd {
                    state = .memberEnd
                } else if Self.cannotStartValue(byte) {
                    throw syntax(notAValue(byte, at: i - 1))
                } else {
                    capture.begin(byte)
                    state = .item
                    i -= 1
                }
            case .itemEnd:
                guard let next = Self.after(byte, comma: .nextItem, close: UInt8(ascii: "]"), closed: .memberEnd) else {
                    throw syntax(error(at: i - 1, "expected ',' or ']' in array"))
                }
                state = next
            case .done:
                throw syntax(error(at: i - 1, "unexpected data after the JSON value"))
            case .item, .key, .member:
                break
            }
        }
    }

    /// A value ended: an element goes to `item`, a key or member is parsed and kept.
    private mutating func complete<E: Error>(
        _ bytes: UnsafeBufferPointer<UInt8>, syntax: (JSONParseError) -> E,
        item: (UnsafeBufferPointer<UInt8>) throws(E) -> Void
    ) throws(E) {
        switch state {
        case .item:
            if case .array(let count) = items { items = .array(count: count + 1) }
            state = .itemEnd
            try item(bytes)
        case .key:
            do {
                key = try JSONParser.parse(bytes: bytes).stringValue ?? ""
            } catch {
                throw syntax(error)
            }
            state = .colon
        default:
            let value: JSON
            do {
                value = try JSONParser.parse(bytes: bytes)
            } catch {
                throw syntax(error)
            }
            if key == "items" {
                if case .array = items { throw syntax(self.error(at: 0, "the list has two items members")) }
                items = value.isNull ? .null : .other(value)
            } else {
                members[key] = value
            }
            state = .memberEnd
        }
    }

    /// The envelope once the body has ended; an unfinished body is an error.
    public func finish() throws(JSONParseError) -> Envelope {
        guard state == .done else {
            var end = JSONParseError(message: "unexpected end of JSON input", offset: offset, line: line,
                                     column: offset - lineStart + 1)
            if state == .start && offset == 0 { end = JSONParseError(message: "the body is empty", offset: 0, line: 1, column: 1) }
            throw end
        }
        return Envelope(members: members, items: items)
    }

    /// The state after a value's separator: `comma`, or `closed` after `close`; nil for anything else.
    private static func after(_ byte: UInt8, comma: State, close: UInt8, closed: State) -> State? {
        if byte == UInt8(ascii: ",") { return comma }
        return byte == close ? closed : nil
    }

    /// A delimiter where a value must start (a scalar capture would end before its first byte).
    private static func cannotStartValue(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: ":")
    }

    private func notAValue(_ byte: UInt8, at index: Int) -> JSONParseError {
        error(at: index, "invalid character '\(JSONParser.printable(byte))' looking for beginning of value")
    }

    private func error(at index: Int, _ message: String) -> JSONParseError {
        let absolute = offset + index
        return JSONParseError(message: message, offset: absolute, line: line, column: absolute - lineStart + 1)
    }
}

/// Finds the end of one JSON value whose bytes may arrive in pieces: strings (with escapes)
/// and nesting are tracked, scalars end at the next delimiter. Validity is the parser's job.
private struct ValueCapture {
    /// The value's bytes from earlier chunks (empty while a value fits in one chunk).
    var bytes: [UInt8] = []
    private var depth = 0
    private var inString = false
    private var escaped = false
    private var scalar = false

    mutating func begin(_ first: UInt8) {
        bytes.removeAll(keepingCapacity: true)
        depth = 0
        inString = false
        escaped = false
        scalar = !(first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || first == UInt8(ascii: "\""))
    }

    /// Consumes from `base[start..<n]`: the index after the value's last byte and whether it
    /// ended there (a scalar ends before its delimiter, which is left for the caller).
    mutating func consume(_ base: UnsafePointer<UInt8>, from start: Int, to n: Int,
                          newlines line: inout Int, lineStart: inout Int, offset: Int) -> (Int, Bool) {
        var i = start
        if scalar {
            while i < n {
                switch base[i] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09:
                    return (i, true)
                default:
                    i += 1
                }
            }
            return (n, false)
        }
        while i < n {
            if inString && !escaped {
                i = StringRun.skipUnquoted(base, from: i, to: n)
                if i == n { break }
            }
            let byte = base[i]
            i += 1
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return (i, true) }
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth <= 0 { return (i, true) }
            case 0x0A:
                line += 1
                lineStart = offset + i
            default:
                break
            }
        }
        return (n, false)
    }
}
