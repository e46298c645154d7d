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
