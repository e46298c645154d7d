import Testing

@testable import KubeClient

/// The copy must be what parsing and writing give, or nothing.
@Suite struct JSONPrettyCopyTests {
    /// What the tree path prints: parse, drop metadata.managedFields, write.
    func viaTree(_ text: String, indent: Int, drop: Bool) throws -> [UInt8] {
        var value = try JSONParser.parse(text)
        if drop, value[path: "metadata", "managedFields"] != nil { value.remove(at: ["metadata", "managedFields"]) }
        var out: [UInt8] = []
        JSONWriter(style: .pretty).write(value, indent: indent, into: &out)
        return out
    }

    func copy(_ text: String, indent: Int = 0, drop: Bool = true) -> [UInt8]? {
        var out: [UInt8] = Array("prefix".utf8)
        let bytes = Array(text.utf8)
        let ok = bytes.withUnsafeBufferPointer { JSONPrettyCopy.append($0, indent: indent, droppingManagedFields: drop, into: &out) }
        guard ok else {
            #expect(out == Array("prefix".utf8), "a refused copy leaves the output as it was")
            return nil
        }
        return Array(out.dropFirst(6))
    }

    static let copied = [
        #"{"a":1,"b":[true,false,null,-0.5e-3,{}],"c":{"d":[],"e":"x"}}"#,
        #"{"apiVersion":"v1","metadata":{"managedFields":[{"manager":"k"}],"name":"pi"},"spec":{}}"#,
        #"{"metadata":{"managedFields":[]}}"#,
        #"{"metadata":{"managedFields":[{"fieldsV1":{"k:{\"name\":\"launcher\"}":{".":{}}}}],"name":"x"}}"#,
        #"{"managedFields":1,"metadata":"not an object"}"#,
        #"  {"a" : "é日本😀" , "b":"tab\tquote\"slash\/u\u00e9\ud83d\ude00"}  "#,
        #"{"a":"<b>&amp;</b>","b":"line\u2028sep","c":"raw  sep"}"#,
        #"{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"a\":\"b\"}\n"}}"#,
        #"[1,[2,[3,[]]],{"z":{}}]"#, #""just a string""#, "12", "null",
        #"{"lone":"\ud800x","low":"\udc00"}"#,
        "{\n  \"pretty\": [\n    1,\n    2\n  ]\n}\n",
    ]

    @Test(arguments: copied, [0, 2])
    func equalsParsingAndWriting(text: String, indent: Int) throws {
        let fast = copy(text, indent: indent)
        #expect(fast != nil)
        #expect(fast == (try viaTree(text, indent: indent, drop: true)))
    }

    @Test func keepsManagedFieldsWhenAsked() throws {
        let text = #"{"metadata":{"managedFields":[1],"name":"x"}}"#
        #expect(copy(text, drop: false) == (try viaTree(text, indent: 0, drop: false)))
        #expect(String(decoding: copy(text)!, as: UTF8.self).contains("managedFields") == false)
    }

    /// What only the tree can settle, and invalid input (the parser then says what is wrong).
    static let refused = [
        #"{"b":1,"a":2}"#, #"{"a":1,"a":2}"#, #"{"\u0061":1}"#, #"{"a<":1}"#,
        "", "{", #"{"a":1,}"#, "[1,]", "01", "1.", "-", "tru", #""\x""#, "\"a", "[1 2]", "{}x", "\"\u{01}\"",
        #"{"a" 1}"#, "nul", "1e", #"{"a":}"#,
        #"{"metadata":{"managedFields":[{"k:{\"x\"}":"\q"}]}}"#, #"{"metadata":{"managedFields":{"\q":1}}}"#,
        String(repeating: "[", count: 513) + String(repeating: "]", count: 513),
    ]

    @Test(arguments: refused)
    func refusesWhatItCannotCopyExactly(text: String) {
        #expect(copy(text) == nil)
    }

    @Test func invalidUTF8IsRefused() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22]] {
            var out: [UInt8] = []
            let ok = bytes.withUnsafeBufferPointer { JSONPrettyCopy.append($0, indent: 0, droppingManagedFields: false, into: &out) }
            #expect(!ok && out.isEmpty)
            #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
        }
    }

    @Test func nestingAsDeepAsTheParserAllows() throws {
        let text = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(copy(text) == (try viaTree(text, indent: 0, drop: false)))
    }

    /// Random documents with sorted names: every one copies, and as the tree path prints it.
    @Test func randomDocuments() throws {
        var rng = SeededGenerator(seed: 12)
        for _ in 0..<300 {
            let value = randomValue(&rng, depth: 0)
            let text = JSONWriter(style: .compact).string(value)
            #expect(copy(text, indent: 1) == (try viaTree(text, indent: 1, drop: true)), "\(text)")
        }
    }

    func randomValue(_ rng: inout SeededGenerator, depth: Int) -> JSON {
        switch rng.next() % (depth > 3 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(rng.next() % 2 == 0)
        case 2: return .number(["0", "-12", "3.25", "1e9", "-0.5E-7"][Int(rng.next() % 5)])
        case 3: return .string(["", "plain", "é<&>\"\\\n", "\u{2029}", "😀 x"][Int(rng.next() % 5)])
        case 4: return .array((0..<Int(rng.next() % 4)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var object = JSONObject()
            for key in ["a", "b", "managedFields", "metadata", "z"] where rng.next() % 2 == 0 {
                object[key] = randomValue(&rng, depth: depth + 1)
            }
            return .object(object)
        }
    }
}
