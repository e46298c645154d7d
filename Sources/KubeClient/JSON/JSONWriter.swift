/// Serialises JSON the way kubectl prints it, so that output diffs cleanly against
/// `kubectl get -o json`: keys sorted, four-space indent, `<`, `>`, `&`, U+2028 and U+2029
/// escaped as Go's encoder does.
public struct JSONWriter: Sendable {
    public enum Style: Sendable {
        /// One line, no spaces: request bodies and NDJSON watch lines.
        case compact
        /// kubectl's `-o json`.
        case pretty
    }

    public var style: Style
    /// Sorting is what Go does for maps; request bodies keep the user's order.
    public var sortKeys: Bool

    public init(style: Style = .pretty, sortKeys: Bool = true) {
        self.style = style
        self.sortKeys = sortKeys
    }

    public func string(_ value: JSON) -> String {
        var out: [UInt8] = []
        write(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public func bytes(_ value: JSON) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out)
        return out
    }

    public func write(_ value: JSON, into out: inout [UInt8]) {
        write(value, indent: 0, into: &out)
    }

    /// Writes a value nested `indent` levels deep (its inner lines indented from there), as
    /// it appears inside a larger document.
    public func write(_ value: JSON, indent: Int, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let s): JSONWriter.writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1, into: &out)
                write(item, indent: indent + 1, into: &out)
            }
            newline(indent, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty {
                out.append(contentsOf: "{}".utf8)
                return
            }
            out.append(UInt8(ascii: "{"))
            // Index order, not tuples: this loop runs for every object of a 10 MB list, and
            // arrays of labelled tuples cost a runtime metadata lookup each time.
            let keys = object.keys
            let values = object.values
            let order = sortKeys ? JSONObject.byteOrder(of: keys) : Array(keys.indices)
            for (n, i) in order.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1, into: &out)
                JSONWriter.writeString(keys[i], into: &out)
                out.append(UInt8(ascii: ":"))
                if style == .pretty { out.append(UInt8(ascii: " ")) }
                write(values[i], indent: indent + 1, into: &out)
            }
            newline(indent, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private func newline(_ indent: Int, into out: inout [UInt8]) {
        guard style == .pretty else { return }
        out.append(UInt8(ascii: "\n"))
        Indentation.append(indent * 4, to: &out)
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    public static func writeString(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { writeString(bytes: $0, into: &out) }
    }

    /// A string given as its (valid UTF-8) bytes.
    static func writeString(bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0x00..<0x20:
                appendUnicodeEscape(UInt32(byte), into: &out)
            case 0xE2 where i + 2 < bytes.count && bytes[i + 1] == 0x80
                && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                appendUnicodeEscape(bytes[i + 2] == 0xA8 ? 0x2028 : 0x2029, into: &out)
                i += 2
            default: out.append(byte)
            }
            i += 1
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendUnicodeEscape(_ code: UInt32, into out: inout [UInt8]) {
        out.append(contentsOf: [0x5C, UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(hex[Int((code >> UInt32(shift)) & 0xF)])
        }
    }
}

extension JSON {
    /// Compact text for request bodies, in the order the members were built.
    public var compactText: String { JSONWriter(style: .compact, sortKeys: false).string(self) }
}

/// Spaces for pretty-printed JSON, copied from one buffer: an indent is written before every
/// member of every object, and appending spaces one by one was a tenth of `-o json`'s work.
enum Indentation {
    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 256)

    static func append(_ count: Int, to out: inout [UInt8]) {
        var left = count
        while left > 0 {
            let n = min(left, spaces.count)
            spaces.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<n])) }
            left -= n
        }
    }
}
