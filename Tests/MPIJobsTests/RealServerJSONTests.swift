import KubeClient
import Testing

/// What kube-apiserver 1.32 really sent (Tests/Fixtures/apiserver-golden) goes through the fast
/// paths: every list item is found by the scanner, and every object prints from its bytes exactly
/// as the tree path prints it.
@Suite struct RealServerJSONTests {
    func body(_ name: String) throws -> [UInt8] {
        let text = try String(contentsOf: Fixtures.root.appendingPathComponent("apiserver-golden/\(name)"), encoding: .utf8)
        guard let range = text.range(of: "\n\n") else { throw Fixtures.Failure(description: "no body in \(name)") }
        return Array(text[range.upperBound...].utf8)
    }

    func treePath(_ bytes: [UInt8]) throws -> [UInt8] {
        var value = try JSONParser.parse(bytes)
        if value[path: "metadata", "managedFields"] != nil { value.remove(at: ["metadata", "managedFields"]) }
        var out: [UInt8] = []
        JSONWriter(style: .pretty).write(value, indent: 2, into: &out)
        return out
    }

    func fastPath(_ bytes: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        let ok = bytes.withUnsafeBufferPointer { JSONPrettyCopy.append($0, indent: 2, droppingManagedFields: true, into: &out) }
        return ok ? out : nil
    }

    @Test(arguments: ["11-get-succeeded.http", "12-get-failed.http", "13-get-running.http", "04-create-201.http"])
    func objectsPrintFromTheirBytes(name: String) throws {
        let bytes = try body(name)
        #expect(fastPath(bytes) != nil)
        #expect(fastPath(bytes) == (try treePath(bytes)))
        #expect(bytes.withUnsafeBufferPointer { JSONPrettyCopy.topLevelString("kind", in: $0) } == "MPIJob")
        #expect(try omittingParse(bytes) == withoutManagedFields(try JSONParser.parse(bytes)))
    }

    func omittingParse(_ bytes: [UInt8]) throws -> JSON {
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) in
            try JSONParser.parse(bytes: buffer, omittingManagedFields: true)
        }
    }

    func withoutManagedFields(_ value: JSON) -> JSON {
        var value = value
        value.remove(at: ["metadata", "managedFields"])
        return value
    }

    @Test(arguments: ["15-list.http", "16-list-all-namespaces-page.http", "17-list-continue-page.http"])
    func listItemsAreFoundAndPrintFromTheirBytes(name: String) throws {
        let bytes = try body(name)
        var scanner = JSONListScanner()
        var items: [[UInt8]] = []
        var failure: JSONParseError?
        bytes.withUnsafeBytes { chunk in
            do throws(JSONParseError) {
                try scanner.feed(chunk, syntax: { $0 }) { (item) throws(JSONParseError) in items.append(Array(item)) }
            } catch {
                failure = error
            }
        }
        #expect(failure == nil)
        let envelope = try scanner.finish()
        let whole = try JSONParser.parse(bytes)
        #expect(envelope.items == .array(count: whole["items"]?.arrayValue?.count ?? -1))
        #expect(!items.isEmpty)
        for item in items {
            #expect(try omittingParse(item) == withoutManagedFields(try JSONParser.parse(item)))
            #expect(fastPath(item) != nil)
            #expect(fastPath(item) == (try treePath(item)))
        }
    }
}
