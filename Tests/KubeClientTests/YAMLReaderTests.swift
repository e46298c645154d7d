import Testing

@testable import KubeClient

@Suite("YAMLReader")
struct YAMLReaderTests {
    /// How go-yaml v2 (kubectl) resolves a plain scalar, except that texts which are
    /// already JSON number literals are kept verbatim.
    static let plainScalars: [(String, JSON)] = [
        ("null", .null), ("Null", .null), ("NULL", .null), ("~", .null), ("", .null),
        ("nULL", "nULL"), ("none", "none"),
        ("true", true), ("True", true), ("TRUE", true), ("yes", true), ("Yes", true), ("YES", true),
        ("y", true), ("Y", true), ("on", true), ("On", true), ("ON", true),
        ("false", false), ("False", false), ("FALSE", false), ("no", false), ("No", false), ("NO", false),
        ("n", false), ("N", false), ("off", false), ("Off", false), ("OFF", false),
        ("yEs", "yEs"), ("tRUE", "tRUE"), ("oN", "oN"),
        ("0", .number("0")), ("-0", .number("-0")), ("42", .number("42")), ("+42", .number("42")),
        ("0x1F", .number("31")), ("0X1f", .number("31")), ("-0x1F", .number("-31")), ("0o17", .number("15")),
        ("0755", .number("493")), ("-0755", .number("-493")), ("0b101", .number("5")), ("-0b101", .number("-5")),
        ("1_000", .number("1000")), ("1__0", .number("10")), ("0x_1F", .number("31")), ("08", .number("8")),
        ("00", .number("0")), ("9223372036854775807", .number("9223372036854775807")),
        ("0xFFFFFFFFFFFFFFFF", .number("18446744073709551615")), ("-0x8000000000000000", .number("-9223372036854775808")),
        ("0x10000000000000000", "0x10000000000000000"),
        ("1.0", .number("1.0")), ("1e3", .number("1e3")), ("1E3", .number("1E3")), ("-1.5e-7", .number("-1.5e-7")),
        ("6.02e+23", .number("6.02e+23")), ("1e400", .number("1e400")), ("1e-400", .number("1e-400")),
        (".5", .number("0.5")), ("-.5", .number("-0.5")), ("+1.5", .number("1.5")), ("1.", .number("1")),
        ("1_000.5", .number("1000.5")), ("01.5", .number("1.5")), ("+1e3", .number("1000")),
        ("+1e21", .number("1e+21")), ("+1e-7", .number("1e-7")), ("+6.02e23", .number("6.02e+23")),
        (".1e1", .number("1")), ("+0.000001", .number("0.000001")), ("-0.0", .number("-0.0")), ("+0.0", .number("0")),
        ("+1e400", "+1e400"), ("._5", "._5"), (".", "."), ("1.2.3", "1.2.3"), ("0x", "0x"), ("0b", "0b"),
        ("1e", "1e"), ("e3", "e3"), ("+", "+"), ("1:20", "1:20"), ("12:30:45", "12:30:45"),
        ("2024-01-01", "2024-01-01"), ("2024-01-01T10:00:00Z", "2024-01-01T10:00:00Z"),
        ("2001-12-14 21:59:43.10", "2001-12-14 21:59:43.10"), ("0x1G", "0x1G"), ("1_", .number("1")), ("[-]", ["-"]), ("-x", "-x"),
        ("<<", "<<"), ("=", "="), ("Infinity", "Infinity"), ("NaN", "NaN"), ("abc", "abc"),
    ]

    @Test("plain scalars resolve as go-yaml v2 does", arguments: plainScalars)
    func plainScalar(text: String, expected: JSON) throws {
        #expect(try YAMLReader.document("v: \(text)\n")["v"] == expected)
    }

    static let quotedAndTagged: [(String, JSON)] = [
        ("'yes'", "yes"), ("\"1\"", "1"), ("'null'", "null"), ("\"~\"", "~"), ("''", ""), ("'it''s'", "it's"),
        ("\"a\\tb\\u00e9\\U0001F600\"", "a\tbé😀"), ("\"\\/\"", "/"),
        ("|\n  yes\n", "yes\n"), ("|-\n  1\n", "1"), (">\n  a\n  b\n", "a b\n"), ("|+\n  a\n", "a\n\n"),
        ("!!str 1", "1"), ("!!str yes", "yes"), ("!!str", ""), ("!!int \"12\"", .number("12")),
        ("!!int 0x10", .number("16")), ("!!float 1", .number("1")), ("!!float 0x10", .number("16")),
        ("!!float .5", .number("0.5")), ("!!bool yes", true), ("!!bool 'off'", false), ("!!null ''", .null),
        ("!!null ~", .null), ("!!binary aGVsbG8=", "aGVsbG8="), ("!!binary |\n  aGVs\n  bG8=\n", "aGVsbG8="),
        ("!custom 12", "12"), ("! 12", "12"), ("!!timestamp 2024-01-01", "2024-01-01"),
        ("!<tag:yaml.org,2002:int> 7", .number("7")), ("!!map {a: 1}", ["a": 1]), ("!!seq [1]", [1]),
    ]

    @Test("quoted, block and tagged scalars", arguments: quotedAndTagged)
    func quotedOrTagged(text: String, expected: JSON) throws {
        #expect(try YAMLReader.document("v: \(text)\n")["v"] == expected)
    }

    static let badTags: [(String, String)] = [
        ("!!int abc", "cannot decode !!str `abc` as a !!int"),
        ("!!int 1.5", "cannot decode !!float `1.5` as a !!int"),
        ("!!bool 1", "cannot decode !!int `1` as a !!bool"),
        ("!!null x", "cannot decode !!str `x` as a !!null"),
        ("!!timestamp soon", "cannot decode !!str `soon` as a !!timestamp"),
        ("!!binary a_b=", "!!binary value contains invalid base64 data"),
        ("!!binary abc", "!!binary value contains invalid base64 data"),
    ]

    @Test("tags that do not fit the text are errors", arguments: badTags)
    func badTag(text: String, message: String) {
        #expect(throws: YAMLError(message: message, line: 2, column: 4, document: 0)) {
            try YAMLReader.document("a: 1\nv: \(text)\n")
        }
    }

    @Test("infinity and NaN have no JSON form", arguments: [".inf", "-.Inf", "+.INF", ".NaN", "!!float .nan"])
    func nonFinite(text: String) throws {
        let error = #expect(throws: YAMLError.self) { try YAMLReader.document("x:\n- \(text)\n") }
        #expect(error?.line == 2)
        #expect(error?.column == 3)
        #expect(error?.message.contains("no infinity or NaN") == true)
    }

    static let keys: [(String, String)] = [
        ("1", "1"), ("0x10", "16"), ("yes", "true"), ("off", "false"), ("1.5", "1.5"), ("1.0", "1"),
        ("1e3", "1000"), (".inf", ".inf"), ("-.inf", "-.inf"), (".nan", ".nan"), ("0.1", "0.1"), ("1e6", "1e+06"),
        ("123456789", "123456789"), ("1234567.0", "1.234567e+06"), ("0.0001", "0.0001"), ("0.00001", "1e-05"),
        ("'1'", "1"), ("\"yes\"", "yes"), ("2024-01-01", "2024-01-01"), ("!!str 1", "1"), ("!!float 2", "2"),
        ("\"<<\"", "<<"), ("3.14159265358979", "3.1415927"),
    ]

    @Test("keys become their Go string form", arguments: keys)
    func key(text: String, expected: String) throws {
        #expect(try YAMLReader.document("\(text): v\n") == .object(JSONObject([(expected, "v")])))
    }

    @Test("null and collection keys are refused")
    func invalidKeys() {
        #expect(throws: YAMLError(message: "unsupported map key: null", line: 1, column: 1, document: 0)) {
            try YAMLReader.document("~: a\n")
        }
        #expect(throws: YAMLError(message: "invalid map key: array", line: 1, column: 3, document: 0)) {
            try YAMLReader.document("? [a]\n: b\n")
        }
        #expect(throws: YAMLError(message: "invalid map key: object", line: 1, column: 2, document: 0)) {
            try YAMLReader.document("{{a: 1}: b}")
        }
    }

    @Test("duplicate keys are an error, also after key conversion")
    func duplicateKeys() {
        #expect(
            throws: YAMLError(message: "mapping key \"a\" already defined at line 1", line: 3, column: 1, document: 0)
        ) { try YAMLReader.document("a: 1\nb: 2\na: 3\n") }
        #expect(
            throws: YAMLError(message: "mapping key \"1\" already defined at line 1", line: 2, column: 1, document: 0)
        ) { try YAMLReader.document("1: a\n'1': b\n") }
        #expect(
            throws: YAMLError(message: "mapping key \"true\" already defined at line 3", line: 3, column: 21, document: 0)
        ) { try YAMLReader.document("x:\n  yes: 1\n  nested: {true: 2, y: 3}\n") }
    }

    @Test("large mappings check duplicates too")
    func duplicateInLargeMapping() {
        var text = ""
        for i in 0..<40 { text += "k\(i): \(i)\n" }
        text += "k17: again\n"
        #expect(
            throws: YAMLError(message: "mapping key \"k17\" already defined at line 18", line: 41, column: 1, document: 0)
        ) { try YAMLReader.document(text) }
    }

    @Test("anchors, aliases and merge keys")
    func anchorsAndMerge() throws {
        let text = """
            base: &base
              a: 1
              b: 2
            extra: &extra {c: 3, b: 20}
            name: &name worker
            other:
              <<: *base
              b: 3
              d: *name
            late:
              b: 4
              <<: *base
            many:
              <<: [*extra, *base]
            inline:
              <<: {z: 26}
            quoted:
              "<<": not a merge
            list: &list [1, 2]
            again: *list
            *name : alias as key
            """
        let value = try YAMLReader.document(text)
        #expect(value["other"] == ["a": 1, "b": 3, "d": "worker"])
        #expect(value["late"] == ["a": 1, "b": 4])
        #expect(value["many"] == ["c": 3, "b": 20, "a": 1])
        #expect(value["inline"] == ["z": 26])
        #expect(value["quoted"] == ["<<": "not a merge"])
        #expect(value["again"] == [1, 2])
        #expect(value["worker"] == "alias as key")
    }

    @Test("merge values must be mappings")
    func badMerge() {
        let message = "map merge requires map or sequence of maps as the value"
        #expect(throws: YAMLError(message: message, line: 1, column: 9, document: 0)) {
            try YAMLReader.document("x: {<<: 1}")
        }
        #expect(throws: YAMLError(message: message, line: 3, column: 7, document: 0)) {
            try YAMLReader.document("a: &a [1]\nb:\n  <<: [*a]\n")
        }
    }

    @Test("unknown and self-referencing anchors")
    func badAliases() {
        #expect(throws: YAMLError(message: "unknown anchor 'zz' referenced", line: 2, column: 4, document: 0)) {
            try YAMLReader.document("a: 1\nb: *zz\n")
        }
        #expect(throws: YAMLError(message: "anchor 'a' value contains itself", line: 1, column: 8, document: 0)) {
            try YAMLReader.document("a: &a [*a]\n")
        }
    }

    @Test("billion laughs is refused quickly")
    func billionLaughs() {
        var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            let refs = Array(repeating: "*\(previous)", count: 9).joined(separator: ",")
            text += "\(name): &\(name) [\(refs)]\n"
        }
        let error = #expect(throws: YAMLError.self) { try YAMLReader.document(text) }
        #expect(error?.message == "document contains excessive aliasing")
    }

    @Test("ordinary alias use is allowed")
    func moderateAliasing() throws {
        var text = "defaults: &d {image: x, cpu: 1, memory: 1Gi, env: [a, b, c]}\nitems:\n"
        for i in 0..<200 { text += "- {<<: *d, name: n\(i)}\n" }
        let value = try YAMLReader.document(text)
        #expect(value["items"]?.arrayValue?.count == 200)
        #expect(value["items"]?[199]?["env"] == ["a", "b", "c"])
    }

    @Test("multi-document streams skip empty documents")
    func multiDocument() throws {
        let text = "---\na: 1\n---\n# only a comment\n---\nb: 2\n...\n---\n--- null\n---\n- x\n"
        #expect(try YAMLReader.documents(text) == [["a": 1], ["b": 2], .null, ["x"]])
        #expect(try YAMLReader.documents("") == [])
        #expect(try YAMLReader.documents("# nothing\n\n") == [])
        #expect(try YAMLReader.documents("---\n---\n...\n") == [])
        #expect(try YAMLReader.documents("--- ''\n") == [""])
        #expect(try YAMLReader.document("") == .null)
        #expect(try YAMLReader.document("---\n# c\n---\na: 1\n") == ["a": 1])
    }

    @Test("document() wants a single document")
    func singleDocument() {
        let message = "expected a single document in the stream, but found another document"
        #expect(throws: YAMLError(message: message, line: 3, column: 1, document: 1)) {
            try YAMLReader.document("a: 1\n# c\n---\nb: 2\n")
        }
    }

    @Test("JSON, flow style and a byte-order mark")
    func jsonInput() throws {
        let expected: JSON = ["a": .number("1.0"), "b": [true, nil, "x/y"], "c": ["d": .number("-0")]]
        #expect(try YAMLReader.document("{\"a\":1.0,\"b\":[true,null,\"x\\/y\"],\"c\":{\"d\":-0}}") == expected)
        #expect(try YAMLReader.document("\u{FEFF}{\"a\": 1.0, \"b\": [true, null, \"x/y\"], \"c\": {\"d\": -0}}\n") == expected)
        #expect(try YAMLReader.document("{a: 1.0, b: [true, ~, x/y], c: {d: -0}}") == expected)
        #expect(try YAMLReader.document("\u{FEFF}a: 1\n") == ["a": 1])
        #expect(try YAMLReader.documents([0xEF, 0xBB, 0xBF] + Array("[1, 2]".utf8)) == [[1, 2]])
    }

    static let syntaxErrors: [(String, YAMLError)] = [
        ("a:\n\tb: 1\n", YAMLError(message: "found character that cannot start any token", line: 2, column: 1,
            document: 0, context: "while scanning for the next token at line 2, column 1")),
        ("a:\n  b: 1\n c: 2\n", YAMLError(message: "did not find expected key", line: 3, column: 2,
            document: 0, context: "while parsing a block mapping at line 1, column 1")),
        ("a: \"abc\nb: 1\n", YAMLError(message: "found unexpected end of stream", line: 3, column: 1,
            document: 0, context: "while scanning a quoted scalar at line 1, column 4")),
        ("a: b: c\n", YAMLError(message: "mapping values are not allowed in this context", line: 1, column: 5,
            document: 0)),
        ("a: 1\n---\nb: [1, 2\n", YAMLError(message: "did not find expected ',' or ']'", line: 4, column: 1,
            document: 1, context: "while parsing a flow sequence at line 3, column 4")),
        ("a: \u{7}\n", YAMLError(message: "control characters are not allowed", line: 1, column: 4,
            document: 0, context: "unacceptable character #x0007")),
        ("key: 'unterminated\n", YAMLError(message: "found unexpected end of stream", line: 2, column: 1,
            document: 0, context: "while scanning a quoted scalar at line 1, column 6")),
        ("- a\nb: 1\n", YAMLError(message: "did not find expected '-' indicator", line: 2, column: 1,
            document: 0, context: "while parsing a block collection at line 1, column 1")),
    ]

    @Test("syntax errors carry libyaml's text and the position", arguments: syntaxErrors)
    func syntaxError(text: String, expected: YAMLError) {
        #expect(throws: expected) { try YAMLReader.documents(text) }
    }

    @Test("error description")
    func errorDescription() {
        let error = YAMLError(message: "mapping values are not allowed in this context", line: 3, column: 5, document: 0)
        #expect(error.description == "yaml: line 3, column 5: mapping values are not allowed in this context")
        let withContext = YAMLError(message: "found unexpected end of stream", line: 3, column: 1, document: 0,
            context: "while scanning a quoted scalar at line 1, column 4")
        #expect(withContext.description
            == "yaml: line 3, column 1: found unexpected end of stream (while scanning a quoted scalar at line 1, column 4)")
    }

    @Test("invalid UTF-8 is an error, not a crash")
    func invalidUTF8() {
        let error = #expect(throws: YAMLError.self) { try YAMLReader.documents(Array("a: b\nc: ".utf8) + [0xFF, 0x0A]) }
        #expect(error?.line == 2)
        #expect(error?.column == 4)
    }

    @Test("nesting is bounded")
    func depth() {
        let text = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: YAMLError(message: "exceeded max depth of 512", line: 1, column: 513, document: 0)) {
            try YAMLReader.document(text)
        }
        var nested = ""
        for level in 0..<600 { nested += String(repeating: " ", count: level) + "k:\n" }
        #expect(throws: YAMLError.self) { try YAMLReader.document(nested) }
    }

    @Test("truncated and garbage inputs never crash")
    func garbage() {
        let samples = [
            "a: [", "a: {", "- - - [", "&a", "*a", "!!", "? ", ": ", "a: |\n x\n  y", "a: >-\n\t", "%YAML 1.1\n",
            "%YAML 9.9\n---\na", "%TAG ! tag:x,2000:\n--- !a b", "a: 'x\n\n", "'", "\"\\q\"", "@", "`", "a: !<> x",
        ]
        for sample in samples {
            do {
                _ = try YAMLReader.documents(sample)
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
        var rng = SplitMix64(seed: 7)
        let alphabet = Array("ab: -?[]{},&*!|>'\"%@`#\n\t~.01yY<\\".utf8)
        for _ in 0..<2000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(rng.next() % 40) { bytes.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            do {
                _ = try YAMLReader.documents(bytes)
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
    }
}
