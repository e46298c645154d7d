/// kubectl's `-o json` of an object straight from the bytes the server sent: what
/// `JSONWriter(style: .pretty)` writes for `JSONParser.parse(bytes)`, without building the value.
/// Parsing a 4 KB object into a tree and writing it again costs several times more than reading
/// it once (allocations, reference counting), and a list prints thousands of them.
///
/// The bytes are read with the parser's own `Reader` and checked as strictly. Whatever only the
/// tree can settle makes it give up, leaving `out` as it was, and the caller parses instead:
/// members out of byte order (the writer sorts them), repeated names (the last one wins) or names
/// with escapes; and invalid input, so that the parser reports it in its own words.
public enum JSONPrettyCopy {
    /// Appends the value in `bytes`, nested `indent` levels deep; `droppingManagedFields` leaves
    /// out `metadata.managedFields` of a top-level object, as kubectl does. False: nothing written.
    public static func append(_ bytes: UnsafeBufferPointer<UInt8>, indent: Int, droppingManagedFields: Bool,
                              into out: inout [UInt8]) -> Bool
    {
        let mark = out.count
        var reader = Reader(bytes: bytes)
        var copier = Copier(out: out)
        out = []
        defer { out = copier.out }
        do throws(Copier.GiveUp) {
            reader.skipWhitespace()
            try copier.value(&reader, indent: indent, depth: 0, drop: droppingManagedFields ? .metadataOfTop : .nothing,
                             emit: true)
            reader.skipWhitespace()
            guard reader.index == bytes.count else { throw .giveUp }
            return true
        } catch {
            copier.out.removeSubrange(mark...)
            return false
        }
    }
}

extension JSONPrettyCopy {
    /// A plain string member of a top-level object (`kind`), found without parsing the rest;
    /// nil when absent or when anything about the bytes is unusual (the caller then parses).
    public static func topLevelString(_ name: StaticString, in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var r = Reader(bytes: bytes)
        var skipper = Copier(out: [])
        do throws(Copier.GiveUp) {
            r.skipWhitespace()
            guard r.index < bytes.count, bytes[r.index] == UInt8(ascii: "{") else { return nil }
            r.index += 1
            while true {
                r.skipWhitespace()
                guard r.index < bytes.count, bytes[r.index] == UInt8(ascii: "\"") else { return nil }
                let member = try skipper.plainName(&r)
                r.skipWhitespace()
                guard r.index < bytes.count, bytes[r.index] == UInt8(ascii: ":") else { return nil }
                r.index += 1
                r.skipWhitespace()
                if Copier.equals(UnsafeBufferPointer(rebasing: bytes[member]), name) {
                    guard r.index < bytes.count, bytes[r.index] == UInt8(ascii: "\"") else { return nil }
                    let (value, plain) = try skipper.scanString(&r)
                    return plain ? String(decoding: UnsafeBufferPointer(rebasing: bytes[value]), as: UTF8.self) : nil
                }
                try skipper.value(&r, indent: 0, depth: 0, drop: .nothing, emit: false)
                r.skipWhitespace()
                guard r.index < bytes.count, bytes[r.index] == UInt8(ascii: ",") else { return nil }
                r.index += 1
            }
        } catch {
            return nil
        }
    }
}

private struct Copier {
    enum GiveUp: Error { case giveUp }

    /// What to leave out: `metadata.managedFields` of the top-level object only.
    enum Drop { case nothing, metadataOfTop, managedFieldsHere }

    var out: [UInt8]

    init(out: [UInt8]) { self.out = out }

    /// `emit` false checks a value without writing it (a dropped member).
    mutating func value(_ r: inout Reader, indent: Int, depth: Int, drop: Drop, emit: Bool) throws(GiveUp) {
        guard r.index < r.bytes.count else { throw .giveUp }
        switch r.bytes[r.index] {
        case UInt8(ascii: "{"): try object(&r, indent: indent, depth: depth + 1, drop: drop, emit: emit)
        case UInt8(ascii: "["): try array(&r, indent: indent, depth: depth + 1, emit: emit)
        case UInt8(ascii: "\""): try string(&r, emit: emit)
        case UInt8(ascii: "t"): try literal(&r, "true", emit: emit)
        case UInt8(ascii: "f"): try literal(&r, "false", emit: emit)
        case UInt8(ascii: "n"): try literal(&r, "null", emit: emit)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = r.index
            do { try r.skipNumber() } catch { throw .giveUp }
            if emit { out.append(contentsOf: UnsafeBufferPointer(rebasing: r.bytes[start..<r.index])) }
        default:
            throw .giveUp
        }
    }

    mutating func literal(_ r: inout Reader, _ word: StaticString, emit: Bool) throws(GiveUp) {
        do { try r.expectLiteral(word) } catch { throw .giveUp }
        if emit { out.append(contentsOf: UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)) }
    }

    mutating func newline(_ indent: Int) {
        out.append(UInt8(ascii: "\n"))
        Indentation.append(indent * 4, to: &out)
    }

    mutating func object(_ r: inout Reader, indent: Int, depth: Int, drop: Drop, emit: Bool) throws(GiveUp) {
        guard depth <= JSONParser.maxDepth else { throw .giveUp }
        r.index += 1
        var written = 0
        // The previous written name, as a range of the input: names must come in strictly rising byte order.
        var previous: Range<Int>?
        r.skipWhitespace()
        if r.index < r.bytes.count && r.bytes[r.index] == UInt8(ascii: "}") {
            r.index += 1
        } else {
            while true {
                r.skipWhitespace()
                guard r.index < r.bytes.count, r.bytes[r.index] == UInt8(ascii: "\"") else { throw .giveUp }
                // Names with escapes (managedFields' `k:{\"name\":…}`) are fine where nothing is written.
                let name = emit ? try plainName(&r) : try checkedName(&r)
                r.skipWhitespace()
                guard r.index < r.bytes.count, r.bytes[r.index] == UInt8(ascii: ":") else { throw .giveUp }
                r.index += 1
                r.skipWhitespace()
                let nameBytes = UnsafeBufferPointer(rebasing: r.bytes[name])
                var child = Drop.nothing
                if drop == .metadataOfTop && Self.equals(nameBytes, "metadata") { child = .managedFieldsHere }
                if drop == .managedFieldsHere && Self.equals(nameBytes, "managedFields") {
                    try value(&r, indent: indent + 1, depth: depth, drop: .nothing, emit: false)
                } else {
                    if let previous, !Self.precedes(UnsafeBufferPointer(rebasing: r.bytes[previous]), nameBytes) {
                        throw .giveUp
                    }
                    previous = name
                    if emit {
                        out.append(written == 0 ? UInt8(ascii: "{") : UInt8(ascii: ","))
                        newline(indent + 1)
                        out.append(UInt8(ascii: "\""))
                        out.append(contentsOf: nameBytes)
                        out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":"), UInt8(ascii: " ")])
                    }
                    try value(&r, indent: indent + 1, depth: depth, drop: child, emit: emit)
                    written += 1
                }
                if try !more(&r, close: UInt8(ascii: "}")) { break }
            }
        }
        guard emit else { return }
        if written == 0 {
            out.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")])
        } else {
            newline(indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// After a member or element: true past a ',', false past the closing bracket.
    func more(_ r: inout Reader, close: UInt8) throws(GiveUp) -> Bool {
        r.skipWhitespace()
        guard r.index < r.bytes.count else { throw .giveUp }
        let byte = r.bytes[r.index]
        guard byte == UInt8(ascii: ",") || byte == close else { throw .giveUp }
        r.index += 1
        return byte == UInt8(ascii: ",")
    }

    mutating func array(_ r: inout Reader, indent: Int, depth: Int, emit: Bool) throws(GiveUp) {
        guard depth <= JSONParser.maxDepth else { throw .giveUp }
        r.index += 1
        r.skipWhitespace()
        if r.index < r.bytes.count && r.bytes[r.index] == UInt8(ascii: "]") {
            r.index += 1
            if emit { out.append(contentsOf: [UInt8(ascii: "["), UInt8(ascii: "]")]) }
            return
        }
        if emit { out.append(UInt8(ascii: "[")) }
        var count = 0
        while true {
            r.skipWhitespace()
            if emit {
                if count > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
            }
            try value(&r, indent: indent + 1, depth: depth, drop: .nothing, emit: emit)
            count += 1
            if try !more(&r, close: UInt8(ascii: "]")) { break }
        }
        if emit {
            newline(indent)
            out.append(UInt8(ascii: "]"))
        }
    }

    /// A member name written as is: no escapes, nothing the writer would escape. Returns its
    /// bytes' range (without the quotes).
    mutating func plainName(_ r: inout Reader) throws(GiveUp) -> Range<Int> {
        let (range, plain) = try scanString(&r)
        guard plain else { throw .giveUp }
        return range
    }

    /// Any valid member name, checked as the parser would; its range is only meaningful if plain.
    mutating func checkedName(_ r: inout Reader) throws(GiveUp) -> Range<Int> {
        let quote = r.index
        let (range, plain) = try scanString(&r)
        if !plain {
            let end = r.index
            r.index = quote
            do { _ = try r.parseString() } catch { throw .giveUp }
            guard r.index == end else { throw .giveUp }
        }
        return range
    }

    mutating func string(_ r: inout Reader, emit: Bool) throws(GiveUp) {
        let quote = r.index
        let (range, plain) = try scanString(&r)
        if plain {
            guard emit else { return }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(rebasing: r.bytes[range]))
            out.append(UInt8(ascii: "\""))
            return
        }
        // Escapes in, or characters the writer escapes: the parser decodes (and checks), the writer encodes.
        let end = r.index
        r.index = quote
        let decoded: String
        do { decoded = try r.parseString() } catch { throw .giveUp }
        guard r.index == end else { throw .giveUp }
        if emit { JSONWriter.writeString(decoded, into: &out) }
    }

    /// Moves past a string; `plain`: no backslash and nothing JSONWriter escapes, so the bytes
    /// between the quotes are exactly what it would write. Gives up on what the parser refuses.
    mutating func scanString(_ r: inout Reader) throws(GiveUp) -> (Range<Int>, plain: Bool) {
        r.index += 1
        let start = r.index
        var plain = true
        var ascii = true
        var escaped = false
        guard let base = r.bytes.baseAddress else { throw .giveUp }
        while r.index < r.bytes.count {
            if !escaped {
                r.index = StringRun.skipPlainASCII(base, from: r.index, to: r.bytes.count, html: true)
                guard r.index < r.bytes.count else { break }
            }
            let byte = r.bytes[r.index]
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\"") {
                let range = start..<r.index
                r.index += 1
                if !ascii {
                    let raw = UnsafeBufferPointer(rebasing: r.bytes[range])
                    // Escaped strings are checked by the parser when decoded.
                    if plain && !UTF8Text.isValid(raw) { throw .giveUp }
                    if plain && Self.hasLineSeparator(raw) { plain = false }
                }
                return (range, plain)
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
                plain = false
            } else if byte < 0x20 {
                throw .giveUp
            } else if byte >= 0x80 {
                ascii = false
            } else if byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&") {
                plain = false
            }
            r.index += 1
        }
        throw .giveUp
    }

    /// U+2028 or U+2029, which the writer escapes as Go's encoder does.
    static func hasLineSeparator(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i + 2 < bytes.count {
            if bytes[i] == 0xE2 && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9) { return true }
            i += 1
        }
        return false
    }

    static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        let start = text.utf8Start
        for i in 0..<bytes.count where bytes[i] != start[i] { return false }
        return true
    }

    /// Byte order, strictly (equal names are a repeat).
    static func precedes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        JSONObject.bytesPrecede(a, b)
    }
}
