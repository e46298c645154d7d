import Testing

@testable import KubeClient

@Suite struct JSONParserTests {
    @Test func parsesEveryKind() throws {
        let value = try JSONParser.parse(#"{"a":[1,-2.5e3,true,false,null,"x\n\u00e9\ud83d\ude00"],"b":{}}"#)
        #expect(value["a"]?[0] == .number("1"))
        #expect(value["a"]?[1] == .number("-2.5e3"))
        #expect(value["a"]?[2] == true)
        #expect(value["a"]?[4] == .null)
        #expect(value["a"]?[5] == .string("x\né😀"))
        #expect(value["b"] == .object(JSONObject()))
    }

    @Test func keepsMemberOrderAndLastDuplicateWins() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":2,"z":3}"#)
        #expect(value.objectValue?.keys == ["z", "a"])
        #expect(value["z"] == .number("3"))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"\\x\"", "\"a", "[1 2]", "{}x", "\"\u{01}\"",
        "{\"a\":1,}", "nul", "1e", "[", "{\"a\":}",
    ])
    func rejectsMalformedInput(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func errorsCarryAPosition() {
        do {
            _ = try JSONParser.parse("{\n  \"a\": tru\n}")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
        }
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }

    @Test func loneSurrogateBecomesReplacement() throws {
        #expect(try JSONParser.parse(#""\ud800x""#) == .string("\u{FFFD}x"))
    }
}

@Suite struct JSONWriterTests {
    @Test func prettyIsKubectlStyle() {
        let value: JSON = ["b": [1, 2], "a": ["x": "<&>"], "c": [], "d": [:]]
        #expect(JSONWriter().string(value) == """
            {
                "a": {
                    "x": "\\u003c\\u0026\\u003e"
                },
                "b": [
                    1,
                    2
                ],
                "c": [],
                "d": {}
            }
            """)
    }

    @Test func compactKeepsOrder() {
        let value: JSON = ["b": 1, "a": "q\"\\\t"]
        #expect(value.compactText == #"{"b":1,"a":"q\"\\\t"}"#)
    }

    @Test func roundTripsThroughTheParser() throws {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<500 {
            let value = randomJSON(depth: 0, using: &generator)
            for style in [JSONWriter.Style.compact, .pretty] {
                let text = JSONWriter(style: style, sortKeys: false).string(value)
                #expect(try JSONParser.parse(text) == value)
            }
        }
    }
}

struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func randomJSON(depth: Int, using generator: inout SeededGenerator) -> JSON {
    let strings = ["", "a", "yes", "0755", "1e3", "é\u{2028}", "<tag>", "line\nbreak", "tab\t", "\"q\"", "\\", "😀", "\u{1}"]
    let numbers = ["0", "-1", "3.25", "1e3", "-2.5E-7", "9223372036854775807"]
    let pick = depth > 3 ? Int.random(in: 0..<4, using: &generator) : Int.random(in: 0..<6, using: &generator)
    switch pick {
    case 0: return .string(strings[Int.random(in: 0..<strings.count, using: &generator)])
    case 1: return .number(numbers[Int.random(in: 0..<numbers.count, using: &generator)])
    case 2: return .bool(Bool.random(using: &generator))
    case 3: return .null
    case 4:
        return .array((0..<Int.random(in: 0..<4, using: &generator)).map { _ in randomJSON(depth: depth + 1, using: &generator) })
    default:
        var object = JSONObject()
        for i in 0..<Int.random(in: 0..<4, using: &generator) {
            object["k\(i)\(strings[Int.random(in: 0..<strings.count, using: &generator)])"] = randomJSON(depth: depth + 1, using: &generator)
        }
        return .object(object)
    }
}

@Suite struct UTF8TextTests {
    @Test(arguments: [
        [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF0, 0x8F, 0xBF, 0xBF],
        [0xF4, 0x90, 0x80, 0x80], [0xFF],
    ] as [[UInt8]])
    func rejectsInvalidUTF8(_ bytes: [UInt8]) {
        #expect(bytes.withUnsafeBufferPointer { UTF8Text.isValid($0) } == false)
        let json = [UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\"")]
        #expect(throws: JSONParseError.self) { try JSONParser.parse(json) }
    }

    @Test func acceptsValidUTF8() throws {
        for text in ["", "ascii", "é", "日本語", "😀", "\u{10FFFF}", "\u{D7FF}\u{E000}"] {
            #expect(Array(text.utf8).withUnsafeBufferPointer { UTF8Text.isValid($0) })
            #expect(try JSONParser.parse("\"\(text)\"") == .string(text))
        }
    }
}

/// `parse(bytes:omittingManagedFields:)` reads `metadata.managedFields` without building it: the
/// value must be the full parse less that member, and every input must fail or pass exactly as
/// the full parse does (same message, same place).
@Suite struct JSONOmissionTests {
    func both(_ text: String) -> (full: Result<JSON, JSONParseError>, omitting: Result<JSON, JSONParseError>) {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            (Result { () throws(JSONParseError) in try JSONParser.parse(bytes: buffer) },
             Result { () throws(JSONParseError) in try JSONParser.parse(bytes: buffer, omittingManagedFields: true) })
        }
    }

    func withoutManagedFields(_ value: JSON) -> JSON {
        var value = value
        if value[path: "metadata", "managedFields"] != nil { value.remove(at: ["metadata", "managedFields"]) }
        return value
    }

    @Test func leavesOutOnlyTheTopLevelMetadataManagedFields() throws {
        let text = #"{"managedFields":1,"metadata":{"name":"a","managedFields":[{"f:x":{}}],"labels":{"managedFields":"kept"}},"spec":{"metadata":{"managedFields":2}}}"#
        let value = try both(text).omitting.get()
        #expect(value[path: "metadata", "managedFields"] == nil)
        #expect(value[path: "metadata", "name"] == .string("a"))
        #expect(value[path: "metadata", "labels", "managedFields"] == .string("kept"))
        #expect(value["managedFields"] == .number("1"))
        #expect(value[path: "spec", "metadata", "managedFields"] == .number("2"))
        #expect(value == withoutManagedFields(try both(text).full.get()))
    }

    @Test func randomManagedFieldsGiveTheFullParseLessThem() throws {
        var generator = SeededGenerator(seed: 12)
        for _ in 0..<300 {
            let fields = JSONWriter(style: .compact, sortKeys: false).string(randomJSON(depth: 0, using: &generator))
            let rest = JSONWriter(style: .pretty).string(randomJSON(depth: 1, using: &generator))
            let text = #"{"metadata":{"managedFields":\#(fields),"name":"x"},"status":\#(rest)}"#
            let (full, omitting) = both(text)
            #expect(try omitting.get() == withoutManagedFields(try full.get()))
        }
    }

    /// Every way a skipped value can be broken is refused as the full parse refuses it.
    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "tru", "\"\\x\"", "\"a", "[1 2]", "{\"a\":1,}", "nul", "1e",
        "[", "{\"a\":}", "\"\u{01}\"", "\"\\u12G4\"", "\"\\ud800\\u12\"", "\"\\", "[\"\u{1F}\"]", "{\"\\q\":1}",
        "{1:2}", "[{\"a\":[1,{\"b\":\"c\"}]]", "[] ]", "\"abcdefghijklmnop\u{7}qrstuvwxyz\"",
        String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ])
    func brokenManagedFieldsFailAsTheFullParseFails(_ fields: String) {
        let (full, omitting) = both(#"{"metadata":{"managedFields":\#(fields)}}"#)
        guard case .failure(let expected) = full else {
            Issue.record("the full parse accepted \(fields)")
            return
        }
        guard case .failure(let got) = omitting else {
            Issue.record("the omitting parse accepted \(fields)")
            return
        }
        #expect(got == expected)
    }

    @Test func invalidUTF8InASkippedStringIsRefusedAtTheSamePlace() {
        for bad in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0x80], [0xFF]] as [[UInt8]] {
            for escape in [[], Array(#"\n"#.utf8), Array(#"\u00e9"#.utf8)] as [[UInt8]] {
                let text = Array(#"{"metadata":{"managedFields":["ab"#.utf8) + escape + bad + Array(#"cd"]}}"#.utf8)
                let outcomes = text.withUnsafeBufferPointer { buffer in
                    (Result { () throws(JSONParseError) in try JSONParser.parse(bytes: buffer) },
                     Result { () throws(JSONParseError) in try JSONParser.parse(bytes: buffer, omittingManagedFields: true) })
                }
                guard case .failure(let expected) = outcomes.0, case .failure(let got) = outcomes.1 else {
                    Issue.record("invalid UTF-8 \(bad) was accepted")
                    continue
                }
                #expect(got == expected)
            }
        }
    }
}

@Suite struct JSONProjectionTests {
    func parse(_ text: String, _ projection: JSONProjection) -> Result<JSON, JSONParseError> {
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) in try JSONParser.parse(bytes: buffer, projection: projection) }
        }
    }

    static let keepNameAndReplicas = JSONProjection.members([
        "metadata": .members(["name": .whole], others: .skip),
        "spec": .members(["roles": .members([:], others: .members(["replicas": .whole], others: .skip))], others: .skip),
        "status": .whole,
    ], others: .skip)

    @Test func buildsOnlyWhatItKeeps() throws {
        let text = #"{"kind":"K","metadata":{"name":"a","labels":{"x":"y"}},"spec":{"roles":{"A":{"replicas":2,"template":{"big":[1,2]}},"B":{"template":{}}},"other":1},"status":{"s":[true]}}"#
        let value = try parse(text, Self.keepNameAndReplicas).get()
        #expect(value == [
            "metadata": ["name": "a"], "spec": ["roles": ["A": ["replicas": 2], "B": [:]]], "status": ["s": [true]],
        ])
        // A rule for an object meets something else: that value is kept whole.
        #expect(try parse(#"{"metadata":"plain","spec":[1]}"#, Self.keepNameAndReplicas).get()
            == ["metadata": "plain", "spec": [1]])
        #expect(try parse(text, .whole).get() == (try JSONParser.parse(text)))
        #expect(try parse("[1,{\"a\":2}]", Self.keepNameAndReplicas).get() == [1, ["a": 2]])
    }

    @Test func aRepeatedKeptNameStillEndsWithTheLastValue() throws {
        let value = try parse(#"{"status":1,"junk":0,"status":2}"#, Self.keepNameAndReplicas).get()
        #expect(value == ["status": 2])
    }

    /// Whatever a projection skips is refused exactly as the whole parse refuses it.
    @Test(arguments: [
        "", "{", "[1,]", "{\"a\" 1}", "01", "tru", "\"\\x\"", "\"a", "{\"a\":1,}", "\"\\u12G4\"", "{1:2}",
        "\"\u{01}\"", String(repeating: "[", count: 600) + String(repeating: "]", count: 600),
    ])
    func brokenSkippedValuesFailAsTheWholeParseFails(_ broken: String) {
        for text in [#"{"metadata":{"labels":\#(broken)}}"#, #"{"spec":{"roles":{"A":{"template":\#(broken)}}}}"#,
                     #"{"junk":\#(broken),"status":1}"#] {
            guard case .failure(let expected) = parse(text, .whole) else {
                Issue.record("the whole parse accepted \(text)")
                continue
            }
            guard case .failure(let got) = parse(text, Self.keepNameAndReplicas) else {
                Issue.record("the projection accepted \(text)")
                continue
            }
            #expect(got == expected)
        }
    }
}

/// Strings are scanned eight bytes at a time (StringRun): whatever needs a look (a quote, an
/// escape, a control character, a multi-byte character, an HTML character the writer escapes)
/// must be found at every offset of the word, near the end of the input too.
@Suite struct StringRunTests {
    @Test func everySpecialByteIsFoundAtEveryOffset() throws {
        let specials: [(inserted: String, decoded: String)] = [
            (#"\""#, "\""), (#"\\"#, "\\"), (#"\n"#, "\n"), (#"\u00e9"#, "é"), ("é", "é"), ("<", "<"), ("&", "&"),
        ]
        for length in 0..<24 {
            for position in 0...length {
                for special in specials {
                    let before = String(repeating: "a", count: position)
                    let after = String(repeating: "b", count: length - position)
                    let text = "[\"\(before)\(special.inserted)\(after)\",{\"k\":\"\(before)\(special.inserted)\(after)\"}]"
                    let expected = before + special.decoded + after
                    let value = try JSONParser.parse(text)
                    #expect(value[0] == .string(expected))
                    #expect(value[1]?["k"] == .string(expected))
                    var copied: [UInt8] = []
                    let ok = Array(text.utf8).withUnsafeBufferPointer {
                        JSONPrettyCopy.append($0, indent: 0, droppingManagedFields: false, into: &copied)
                    }
                    #expect(ok)
                    #expect(copied == JSONWriter(style: .pretty).bytes(value))
                    let wrapped = #"{"metadata":{"managedFields":\#(text),"name":"n"}}"#
                    let omitted = try Array(wrapped.utf8).withUnsafeBufferPointer { (buffer) throws(JSONParseError) in
                        try JSONParser.parse(bytes: buffer, omittingManagedFields: true)
                    }
                    #expect(omitted == .object(JSONObject([("metadata", .object(JSONObject([("name", .string("n"))])))])))
                    let list = #"{"items":[\#(text)],"kind":"L"}"#
                    var scanner = JSONListScanner()
                    var items: [[UInt8]] = []
                    var failure: JSONParseError?
                    Array(list.utf8).withUnsafeBytes { chunk in
                        do throws(JSONParseError) {
                            try scanner.feed(chunk, syntax: { $0 }) { (item) throws(JSONParseError) in items.append(Array(item)) }
                        } catch {
                            failure = error
                        }
                    }
                    #expect(failure == nil)
                    #expect(items == [Array(text.utf8)])
                }
            }
        }
    }

    @Test func aControlCharacterIsRefusedAtEveryOffset() {
        for length in 1..<20 {
            for position in 0..<length {
                var bytes = Array(repeating: UInt8(ascii: "a"), count: length)
                bytes[position] = 0x1F
                let text = [UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\"")]
                do {
                    _ = try JSONParser.parse(text)
                    Issue.record("a control character at \(position) of \(length) was accepted")
                } catch {
                    #expect(error.offset == position + 1)
                    #expect(error.message == "invalid control character in string")
                }
            }
        }
    }
}
