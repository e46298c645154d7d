/// Why a JSON text could not be read, with the position of the problem.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let offset: Int
    public let line: Int
    public let column: Int

    public var description: String { "\(message) at line \(line), column \(column)" }
}

/// A strict RFC 8259 parser working on bytes: the hot path of every list and watch, so it
/// avoids Foundation and per-character String work.
public enum JSONParser {
    /// Nesting deeper than this is refused rather than risking the stack on hostile input.
    static let maxDepth = 512

    public static func parse(_ text: String) throws(JSONParseError) -> JSON {
        try parse(Array(text.utf8))
    }

    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSON {
        let result: Result<JSON, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) -> JSON in try parse(bytes: buffer) }
        }
        return try result.get()
    }

    public static func parse(bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSON {
        try parse(bytes: bytes, omittingManagedFields: false)
    }

    /// `omittingManagedFields`: `metadata.managedFields` of a top-level object is checked as
    /// strictly as the rest but left out of the value. For readers that never look at it (a table
    /// row): it is most of a server object's bytes and nodes.
    public static func parse(bytes: UnsafeBufferPointer<UInt8>, omittingManagedFields: Bool)
        throws(JSONParseError) -> JSON
    {
        try parse(bytes: bytes, projection: omittingManagedFields ? .withoutManagedFields : .whole)
    }

    /// Builds only what `projection` keeps of the value; the rest is checked exactly as a whole
    /// parse checks it (same errors, same offsets) and skipped.
    public static func parse(bytes: UnsafeBufferPointer<UInt8>, projection: JSONProjection)
        throws(JSONParseError) -> JSON
    {
        var reader = Reader(bytes: bytes)
        reader.skipWhitespace()
        let value = try reader.parseValue(depth: 0, projection: projection)
        reader.skipWhitespace()
        if reader.index != bytes.count {
            throw reader.error("unexpected data after the JSON value")
        }
        return value
    }

    /// A byte as an error message shows it.
    static func printable(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return String(UnicodeScalar(byte)) }
        return "\\x" + String(byte, radix: 16)
    }
}

/// The parser's cursor; JSONPrettyCopy reads with it too, so both accept exactly the same input.
struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func error(_ message: String) -> JSONParseError {
        var line = 1
        var column = 1
        var i = 0
        while i < index && i < bytes.count {
            if bytes[i] == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
            i += 1
        }
        return JSONParseError(message: message, offset: index, line: line, column: column)
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSON {
        guard index < bytes.count else { throw error("unexpected end of JSON input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw notAValue()
        }
    }

    func notAValue() -> JSONParseError {
        error("invalid character '\(JSONParser.printable(bytes[index]))' looking for beginning of value")
    }

    /// Moves past a value, checking it exactly as `parseValue` would, without building it.
    mutating func skipValue(depth: Int) throws(JSONParseError) {
        guard index < bytes.count else { throw error("unexpected end of JSON input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try skipObject(depth: depth + 1)
        case UInt8(ascii: "["): try skipArray(depth: depth + 1)
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try expectLiteral("true")
        case UInt8(ascii: "f"): try expectLiteral("false")
        case UInt8(ascii: "n"): try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
        default: throw notAValue()
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end of JSON input") }
        let start = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != start[offset] {
            throw error("invalid literal")
        }
        index += count
    }

    mutating func parseObject(depth: Int) throws(JSONParseError) -> JSON {
        var object = JSONObject()
        try members(depth: depth) { (reader, key) throws(JSONParseError) in
            object.set(key, try reader.parseValue(depth: depth))
        }
        return .object(object)
    }

    /// `parseValue` as `projection` asks: skipped, whole, or an object built member by member.
    mutating func parseValue(depth: Int, projection: JSONProjection) throws(JSONParseError) -> JSON {
        guard case .members(let listed, let others) = projection, index < bytes.count,
            bytes[index] == UInt8(ascii: "{")
        else { return try parseValue(depth: depth) }
        var object = JSONObject()
        try members(depth: depth + 1) { (reader, key) throws(JSONParseError) in
            let rule = listed[key] ?? others
            if case .skip = rule {
                try reader.skipValue(depth: depth + 1)
            } else {
                object.set(key, try reader.parseValue(depth: depth + 1, projection: rule))
            }
        }
        return .object(object)
    }

    mutating func skipObject(depth: Int) throws(JSONParseError) {
        try members(depth: depth, named: false) { (reader, _) throws(JSONParseError) in try reader.skipValue(depth: depth) }
    }

    /// Reads an object's members, handing each one's name to `member`, which reads the value.
    /// `named` false: names are checked but not decoded (`member` gets "").
    mutating func members(depth: Int, named: Bool = true,
                          _ member: (inout Reader, String) throws(JSONParseError) -> Void) throws(JSONParseError) {
        if depth > JSONParser.maxDepth { throw error("JSON nested too deeply") }
        index += 1
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of JSON input") }
            guard bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key in object") }
            var key = ""
            if named { key = try parseString() } else { try skipString() }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after object key")
            }
            index += 1
            skipWhitespace()
            try member(&self, key)
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of JSON input") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return
            default: throw error("expected ',' or '}' in object")
            }
        }
    }

    mutating func parseArray(depth: Int) throws(JSONParseError) -> JSON {
        var items: [JSON] = []
        try elements(depth: depth) { (reader) throws(JSONParseError) in items.append(try reader.parseValue(depth: depth)) }
        return .array(items)
    }

    mutating func skipArray(depth: Int) throws(JSONParseError) {
        try elements(depth: depth) { (reader) throws(JSONParseError) in try reader.skipValue(depth: depth) }
    }

    mutating func elements(depth: Int, _ element: (inout Reader) throws(JSONParseError) -> Void) throws(JSONParseError) {
        if depth > JSONParser.maxDepth { throw error("JSON nested too deeply") }
        index += 1
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            try element(&self)
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of JSON input") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return
            default: throw error("expected ',' or ']' in array")
            }
        }
    }

    mutating func parseNumber() throws(JSONParseError) -> JSON {
        let start = index
        try skipNumber()
        return .number(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
    }

    /// Moves past a number, checking its grammar.
    mutating func skipNumber() throws(JSONParseError) {
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw error("unexpected end of JSON input") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if isDigit(bytes[index]) {
            while index < bytes.count && isDigit(bytes[index]) { index += 1 }
        } else {
            throw error("invalid number")
        }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
            while index < bytes.count && isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("invalid number") }
            while index < bytes.count && isDigit(bytes[index]) { index += 1 }
        }
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    mutating func parseString() throws(JSONParseError) -> String {
        let quote = index
        // `skipString` checks the whole string (escapes, control characters, UTF-8); one without
        // an escape is then its own bytes.
        if try skipString() {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[(quote + 1)..<(index - 1)]), as: UTF8.self)
        }
        index = quote + 1
        var scalars: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let string = scalars.withUnsafeBufferPointer({ UTF8Text.string($0) }) else {
                    throw error("invalid UTF-8 in string")
                }
                return string
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unexpected end of JSON input") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append(0x22)
                case UInt8(ascii: "\\"): scalars.append(0x5C)
                case UInt8(ascii: "/"): scalars.append(0x2F)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try readHex4()
                    if code >= 0xD800 && code < 0xDC00 {
                        // A high surrogate must be followed by a low one; a lone one
                        // becomes U+FFFD as Go's decoder does.
                        if index + 1 < bytes.count && bytes[index] == UInt8(ascii: "\\")
                            && bytes[index + 1] == UInt8(ascii: "u")
                        {
                            let save = index
                            index += 2
                            let low = try readHex4()
                            if low >= 0xDC00 && low < 0xE000 {
                                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                index = save
                                code = 0xFFFD
                            }
                        } else {
                            code = 0xFFFD
                        }
                    } else if code >= 0xDC00 && code < 0xE000 {
                        code = 0xFFFD
                    }
                    let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                    scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw error("invalid escape in string")
                }
            default:
                if byte < 0x20 { throw error("invalid control character in string") }
                scalars.append(byte)
                index += 1
            }
        }
        throw error("unexpected end of JSON input")
    }

    /// Moves past a string, checking everything the decoding in `parseString` could refuse;
    /// true when it holds no escape. Its UTF-8 is checked on the raw bytes: an escape decodes to
    /// ASCII or to a whole sequence, never to a continuation byte, so the raw bytes are valid
    /// exactly when the decoded ones are.
    @discardableResult
    mutating func skipString() throws(JSONParseError) -> Bool {
        index += 1
        let start = index
        var ascii = true
        var plain = true
        guard let base = bytes.baseAddress else { throw error("unexpected end of JSON input") }
        while index < bytes.count {
            index = StringRun.skipPlainASCII(base, from: index, to: bytes.count)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let end = index
                index += 1
                if !ascii && !UTF8Text.isValid(UnsafeBufferPointer(rebasing: bytes[start..<end])) {
                    throw error("invalid UTF-8 in string")
                }
                return plain
            }
            if byte == UInt8(ascii: "\\") {
                plain = false
                index += 1
                guard index < bytes.count else { throw error("unexpected end of JSON input") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    break
                case UInt8(ascii: "u"):
                    _ = try readHex4()
                default:
                    throw error("invalid escape in string")
                }
                continue
            }
            if byte < 0x20 { throw error("invalid control character in string") }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        throw error("unexpected end of JSON input")
    }

    mutating func readHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("unexpected end of JSON input") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid \\u escape in string")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }
}

/// Strict UTF-8 to String. `String(validating:as:)` instantiates generic metadata on every
/// call (10% of a large list's decode); this validates by hand, then builds the String
/// through the specialised bytes path.
enum UTF8Text {
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard isValid(bytes) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            func continuation(_ k: Int) -> Bool { i + k < n && bytes[i + k] & 0xC0 == 0x80 }
            switch b0 {
            case 0xC2...0xDF:
                guard continuation(1) else { return false }
                i += 2
            case 0xE0...0xEF:
                guard continuation(1), continuation(2) else { return false }
                let b1 = bytes[i + 1]
                if b0 == 0xE0 && b1 < 0xA0 { return false }
                if b0 == 0xED && b1 > 0x9F { return false }
                i += 3
            case 0xF0...0xF4:
                guard continuation(1), continuation(2), continuation(3) else { return false }
                let b1 = bytes[i + 1]
                if b0 == 0xF0 && b1 < 0x90 { return false }
                if b0 == 0xF4 && b1 > 0x8F { return false }
                i += 4
            default:
                return false
            }
        }
        return true
    }
}
