import CYAML

/// Reads YAML into JSON values the way kubectl does (sigs.k8s.io/yaml over go-yaml v2):
/// YAML 1.1 scalars (`yes` is true, `0755` is 493), anchors, aliases and `<<` merges,
/// non-string keys turned into strings, duplicate keys refused.
///
/// Number texts that are already JSON literals (`1.0`, `1e3`, `-0`) are kept verbatim,
/// where kubectl would pass them through a Go float; so writing a value out with
/// `YAMLWriter` and reading it back gives the same `JSON`.
public enum YAMLReader {
    /// Every non-empty document of a `---`-separated stream. Documents holding nothing
    /// but comments are skipped, as `kubectl apply -f` skips them.
    public static func documents(_ text: String) throws(YAMLError) -> [JSON] {
        try documents(Array(text.utf8))
    }

    public static func documents(_ bytes: [UInt8]) throws(YAMLError) -> [JSON] {
        try read(bytes, single: false)
    }

    /// A stream holding one document; `null` when it holds none.
    public static func document(_ text: String) throws(YAMLError) -> JSON {
        try document(Array(text.utf8))
    }

    public static func document(_ bytes: [UInt8]) throws(YAMLError) -> JSON {
        try read(bytes, single: true).first ?? .null
    }

    private static func read(_ bytes: [UInt8], single: Bool) throws(YAMLError) -> [JSON] {
        if let json = readAsJSON(bytes) { return [json] }
        let result: Result<[JSON], YAMLError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(YAMLError) -> [JSON] in try parse(buffer, single: single) }
        }
        return try result.get()
    }

    /// API objects and `kubectl get -o json` output are JSON: the byte-level JSON parser
    /// reads them several times faster than libyaml. Anything it rejects goes to the YAML
    /// parser, which then gives the error (a YAML flow mapping is not JSON, for one).
    private static func readAsJSON(_ bytes: [UInt8]) -> JSON? {
        var start = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        var i = start
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 {
            i += 1
        }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") || bytes[i] == UInt8(ascii: "[") else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> JSON? in
            do {
                return try JSONParser.parse(bytes: UnsafeBufferPointer(rebasing: buffer[start...]))
            } catch {
                return nil
            }
        }
    }

    private static func parse(_ buffer: UnsafeBufferPointer<UInt8>, single: Bool) throws(YAMLError) -> [JSON] {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return [] }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLError(message: "out of memory", line: 0, column: 0, document: 0)
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, base, buffer.count)

        var documents: [JSON] = []
        var builder = YAMLDocumentBuilder(document: 0)
        var index = -1
        var documentMark = YAMLMark.none
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                throw parserError(parser, buffer, document: max(index, 0))
            }
            defer { yaml_event_delete(&event) }
            let mark = YAMLMark(line: Int(event.start_mark.line), column: Int(event.start_mark.column))
            switch event.type {
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let bytes = UnsafeBufferPointer(start: UnsafePointer(scalar.value), count: scalar.length)
                let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE && scalar.plain_implicit != 0
                try builder.scalar(
                    bytes, tag: text(scalar.tag), anchor: text(scalar.anchor), plain: plain, mark: mark)
            case YAML_MAPPING_START_EVENT:
                try builder.startCollection(isMapping: true, anchor: text(event.data.mapping_start.anchor), mark: mark)
            case YAML_SEQUENCE_START_EVENT:
                try builder.startCollection(
                    isMapping: false, anchor: text(event.data.sequence_start.anchor), mark: mark)
            case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
                try builder.endCollection(mark: mark)
            case YAML_ALIAS_EVENT:
                try builder.alias(text(event.data.alias.anchor) ?? "", mark: mark)
            case YAML_DOCUMENT_START_EVENT:
                index += 1
                documentMark = mark
                builder = YAMLDocumentBuilder(document: index)
            case YAML_DOCUMENT_END_EVENT:
                if let value = builder.result {
                    if single && !documents.isEmpty {
                        throw documentMark.error(
                            "expected a single document in the stream, but found another document",
                            document: index)
                    }
                    documents.append(value)
                }
            case YAML_STREAM_END_EVENT:
                return documents
            default:
                break
            }
        }
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: UnsafePointer(pointer))
    }

    private static func parserError(
        _ parser: yaml_parser_t, _ buffer: UnsafeBufferPointer<UInt8>, document: Int
    ) -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem parsing YAML content"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return YAMLError(message: "out of memory", line: 0, column: 0, document: document)
        case YAML_READER_ERROR:
            // Reader errors carry a byte offset, not a mark.
            let (line, column) = position(ofByte: parser.problem_offset, in: buffer)
            var context: String?
            if parser.problem_value >= 0 {
                context = "unacceptable character #x" + hex(UInt32(parser.problem_value))
            }
            return YAMLError(message: problem, line: line, column: column, document: document, context: context)
        default:
            var context: String?
            if let note = parser.context.map({ String(cString: $0) }) {
                let start = parser.context_mark
                context = "\(note) at line \(start.line + 1), column \(start.column + 1)"
            }
            return YAMLError(
                message: problem, line: Int(parser.problem_mark.line) + 1,
                column: Int(parser.problem_mark.column) + 1, document: document, context: context)
        }
    }

    private static func position(ofByte offset: Int, in buffer: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var line = 1
        var column = 1
        for byte in buffer.prefix(offset) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
