/// Prints JSON values as `kubectl -o yaml` does (sigs.k8s.io/yaml over go-yaml v2, whose
/// emitter is libyaml's): keys in go-yaml's natural order, two-space indent, sequences
/// inside mappings not indented, empty collections as `{}` and `[]`, strings plain when a
/// YAML 1.1 reader would read them back as the same string, otherwise quoted, multi-line
/// strings as literal blocks, long lines folded at column 80.
///
/// Numbers are written as their literal text; `YAMLReader` reads them back verbatim.
public struct YAMLWriter: Sendable {
    public init() {}

    public func string(_ value: JSON) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    public func bytes(_ value: JSON) -> [UInt8] {
        var out: [UInt8] = []
        write(value, into: &out)
        return out
    }

    /// Appends one document, ending in a newline.
    public func write(_ value: JSON, into out: inout [UInt8]) {
        var emitter = YAMLEmitter(out: out)
        out = []
        emitter.emitDocument(value)
        out = emitter.out
    }
}

/// The parts of libyaml's emitter state machine that JSON values reach. The names and the
/// bookkeeping (`column`, `whitespace`, `indention`, `indent`) follow libyaml so that the
/// output matches it byte for byte, including where long lines fold.
struct YAMLEmitter {
    static let bestIndent = 2
    static let bestWidth = 80
    /// Longer keys are written as `? key` / `: value` (libyaml's simple-key limit).
    static let maxSimpleKeyLength = 128

    var out: [UInt8]
    var column = 0
    /// The last character written was whitespace (or nothing was written yet).
    var whitespace = true
    /// Only indentation has been written on the current line.
    var indention = true
    var indent = -1

    init(out: [UInt8]) { self.out = out }

    mutating func emitDocument(_ value: JSON) {
        emitNode(value, mappingContext: false, simpleKey: false)
        writeIndent()
    }

    mutating func emitNode(_ value: JSON, mappingContext: Bool, simpleKey: Bool) {
        switch value {
        case .null:
            emitPlainWord("null", simpleKey: simpleKey)
        case .bool(let flag):
            emitPlainWord(flag ? "true" : "false", simpleKey: simpleKey)
        case .number(var text):
            text.withUTF8 { emitScalar($0, requested: .plain, simpleKey: simpleKey) }
        case .string(var text):
            text.withUTF8 { emitString($0, simpleKey: simpleKey) }
        case .array(let items):
            if items.isEmpty {
                emitEmptyFlow(open: UInt8(ascii: "["), close: UInt8(ascii: "]"))
            } else {
                emitBlockSequence(items, mappingContext: mappingContext)
            }
        case .object(let object):
            if object.isEmpty {
                emitEmptyFlow(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"))
            } else {
                emitBlockMapping(object)
            }
        }
    }

    private mutating func emitPlainWord(_ word: StaticString, simpleKey: Bool) {
        emitScalar(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount),
            requested: .plain, simpleKey: simpleKey)
    }

    private mutating func emitEmptyFlow(open: UInt8, close: UInt8) {
        writeIndicator(open, needWhitespace: true, isWhitespace: true, isIndention: false)
        writeIndicator(close, needWhitespace: false, isWhitespace: false, isIndention: false)
    }

    private mutating func emitBlockSequence(_ items: [JSON], mappingContext: Bool) {
        let saved = beginBlockSequence(mappingContext: mappingContext)
        for item in items { emitSequenceEntry(item) }
        indent = saved
    }

    /// Returns the indent to restore once the sequence ends.
    mutating func beginBlockSequence(mappingContext: Bool) -> Int {
        let saved = indent
        // A sequence that is a mapping value starts at the key's column ("indentless").
        increaseIndent(flow: false, indentless: mappingContext && !indention)
        return saved
    }

    mutating func emitSequenceEntry(_ item: JSON) {
        writeIndent()
        writeIndicator(UInt8(ascii: "-"), needWhitespace: true, isWhitespace: false, isIndention: true)
        emitNode(item, mappingContext: false, simpleKey: false)
    }

    private mutating func emitBlockMapping(_ object: JSONObject) {
        let saved = indent
        increaseIndent(flow: false, indentless: false)
        for index in YAMLKeyOrder.order(object) {
            emitMappingKey(object.keys[index])
            emitNode(object.values[index], mappingContext: true, simpleKey: false)
        }
        indent = saved
    }

    /// A key of a block mapping, up to its `:`; its value follows with `mappingContext`.
    mutating func emitMappingKey(_ key: String) {
        writeIndent()
        var key = key
        key.withUTF8 { bytes in
            let analysis = YAMLScalarAnalysis(bytes)
            if !analysis.multiline && bytes.count <= Self.maxSimpleKeyLength {
                emitString(bytes, analysis: analysis, simpleKey: true)
                writeIndicator(UInt8(ascii: ":"), needWhitespace: false, isWhitespace: false, isIndention: false)
            } else {
                writeIndicator(UInt8(ascii: "?"), needWhitespace: true, isWhitespace: false, isIndention: true)
                emitString(bytes, analysis: analysis, simpleKey: false)
                writeIndent()
                writeIndicator(UInt8(ascii: ":"), needWhitespace: true, isWhitespace: false, isIndention: true)
            }
        }
    }

    mutating func increaseIndent(flow: Bool, indentless: Bool) {
        if indent < 0 {
            indent = flow ? Self.bestIndent : 0
        } else if !indentless {
            indent += Self.bestIndent
        }
    }

    // MARK: - Low-level writes

    mutating func writeIndent() {
        let target = max(indent, 0)
        if !indention || column > target || (column == target && !whitespace) {
            putBreak()
        }
        while column < target {
            out.append(0x20)
            column += 1
        }
        whitespace = true
        indention = true
    }

    mutating func writeIndicator(_ c: UInt8, needWhitespace: Bool, isWhitespace: Bool, isIndention: Bool) {
        if needWhitespace && !whitespace {
            out.append(0x20)
            column += 1
        }
        out.append(c)
        column += 1
        whitespace = isWhitespace
        indention = indention && isIndention
    }

    @inline(__always)
    mutating func put(_ c: UInt8) {
        out.append(c)
        column += 1
    }

    @inline(__always)
    mutating func putBreak() {
        out.append(0x0A)
        column = 0
    }
}
