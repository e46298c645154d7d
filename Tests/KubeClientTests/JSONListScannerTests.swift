import Testing

@testable import KubeClient

@Suite struct JSONListScannerTests {
    /// Scans `text` fed in pieces of `step` bytes; returns the items (as text) and the envelope.
    func scan(_ text: String, step: Int) throws(JSONParseError) -> ([String], JSONListScanner.Envelope) {
        let bytes = Array(text.utf8)
        var scanner = JSONListScanner()
        var items: [String] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + step)
            let piece = Array(bytes[start..<end])
            var failure: JSONParseError?
            piece.withUnsafeBytes { chunk in
                do throws(JSONParseError) {
                    try scanner.feed(chunk, syntax: { $0 }) { (item) throws(JSONParseError) in
                        items.append(String(decoding: item, as: UTF8.self))
                    }
                } catch {
                    failure = error
                }
            }
            if let failure { throw failure }
            start = end
        }
        return (items, try scanner.finish())
    }

    static let list = #"""
        {"apiVersion":"kubeflow.org/v2beta1","items":[{"a":"x]}\"{[","b":[1,{"c":null}]},{"d":-1.5e3},"s",7,true,null,[]],"kind":"MPIJobList","metadata":{"continue":"tok","resourceVersion":"42"}}
        """#

    @Test(arguments: [1, 2, 3, 7, 16, 4096])
    func findsEveryItemWhateverTheChunking(step: Int) throws {
        let (items, envelope) = try scan(Self.list, step: step)
        #expect(items == [#"{"a":"x]}\"{[","b":[1,{"c":null}]}"#, #"{"d":-1.5e3}"#, #""s""#, "7", "true", "null", "[]"])
        #expect(envelope.items == .array(count: 7))
        #expect(envelope.members["kind"] == "MPIJobList")
        #expect(envelope.members["metadata"]?["continue"] == "tok")
        #expect(envelope.members.keys == ["apiVersion", "kind", "metadata"])
    }

    @Test func itemsAfterMetadataAndPrettyPrinted() throws {
        let text = """
            {
              "kind": "PodList",
              "metadata": {"resourceVersion": "7"},
              "items": [
                {"metadata": {"name": "a"}} ,
                {"metadata": {"name": "b"}}
              ]
            }

            """
        let (items, envelope) = try scan(text, step: 5)
        #expect(items.count == 2)
        #expect(try JSONParser.parse(items[1])[path: "metadata", "name"] == "b")
        #expect(envelope.members["kind"] == "PodList")
    }

    @Test func nullAbsentOrOtherItems() throws {
        #expect(try scan(#"{"kind":"L","items":null}"#, step: 3).1.items == .null)
        #expect(try scan(#"{"kind":"L"}"#, step: 3).1.items == .absent)
        #expect(try scan(#"{"items":{"a":1}}"#, step: 3).1.items == .other(["a": 1]))
        #expect(try scan(#"{"items":[]}"#, step: 1).1.items == .array(count: 0))
        #expect(try scan(#"{}"#, step: 1).1.items == .absent)
    }

    @Test(arguments: [
        "", "<html><body>login</body></html>", #"{"items":[{"a":1}"#, #"{"items":[{"a":1},]}"#,
        #"{"items":[1 2]}"#, #"{"items":[1]} x"#, #"{"items":[1],}"#, #"{"items" [1]}"#, #"{items:[1]}"#,
        #"{"items":[1],"items":[2]}"#, #"{"kind":"L","#, #"{"kind":tru}"#, #"["items"]"#,
    ])
    func rejectsWhatIsNotAList(_ text: String) {
        #expect(throws: JSONParseError.self) { _ = try scan(text, step: 4) }
    }

    @Test func errorsSayWhere() {
        do {
            _ = try scan("{\"items\":[1]\n,\"kind\":\"L\" x}", step: 2)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 2)
            #expect(error.message == "expected ',' or '}' in object")
        }
    }

    @Test func theConsumersErrorStopsTheScan() {
        struct Stop: Error {}
        var scanner = JSONListScanner()
        var seen = 0
        let bytes = Array(#"{"items":[1,2,3]}"#.utf8)
        var stopped = false
        bytes.withUnsafeBytes { chunk in
            do throws(Stop) {
                try scanner.feed(chunk, syntax: { _ in Stop() }) { (_) throws(Stop) in
                    seen += 1
                    if seen == 2 { throw Stop() }
                }
            } catch {
                stopped = true
            }
        }
        #expect(stopped)
        #expect(seen == 2)
    }

    @Test func itemsParseBackToWhatAWholeParseSees() throws {
        let whole = try JSONParser.parse(Self.list)
        let (items, _) = try scan(Self.list, step: 5)
        #expect(try items.map { try JSONParser.parse($0) } == whole["items"]?.arrayValue)
    }
}
