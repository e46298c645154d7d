import Foundation
import Testing

@testable import KubeClient

@Suite("YAML round trip")
struct YAMLRoundTripTests {
    @Test("writing then reading gives the same JSON (random values with nasty strings)")
    func randomValues() throws {
        var generator = NastyJSON(seed: 0x5EED)
        for index in 0..<4000 {
            let value = generator.value()
            let text = YAMLWriter().string(value)
            let back: JSON
            do {
                back = try YAMLReader.document(text)
            } catch {
                Issue.record("case \(index): \(error)\n\(text)")
                continue
            }
            #expect(back == value, "case \(index):\n\(text)")
        }
    }

    @Test("every string fragment round-trips as a key and as a value")
    func fragments() throws {
        for fragment in NastyJSON.fragments {
            for text in [fragment, "x" + fragment, fragment + "x", fragment + fragment] {
                let value: JSON = [text: [.string(text)], "k": .string(text)]
                #expect(try YAMLReader.document(YAMLWriter().string(value)) == value, "\(text.debugDescription)")
                #expect(try YAMLReader.document(YAMLWriter().string(.string(text))) == .string(text))
            }
        }
    }

    @Test("number literals read back as the same literal")
    func numbers() throws {
        for literal in NastyJSON.allNumbers + ["-0.0", "0e0", "1E+2", "9007199254740993", "-9223372036854775809"] {
            #expect(try YAMLReader.document(YAMLWriter().string(["n": .number(literal)]))["n"] == .number(literal))
        }
    }

    @Test("upstream manifests parse, and print back to the same JSON")
    func upstreamManifests() throws {
        let folder = YAMLTestSupport.fixturesFolder.appendingPathComponent("crds")
        let files = YAMLTestSupport.yamlFiles(under: folder)
        guard !files.isEmpty else {
            print("skipped: no manifests under \(folder.path)")
            return
        }
        for file in files {
            let documents = try YAMLReader.documents(try String(contentsOf: file, encoding: .utf8))
            #expect(!documents.isEmpty, "\(file.lastPathComponent) has no documents")
            for document in documents {
                #expect(document["kind"]?.stringValue != nil, "\(file.lastPathComponent)")
                let again = try YAMLReader.document(YAMLWriter().string(document))
                #expect(again == document, "\(file.lastPathComponent)")
            }
        }
    }

    @Test("the MPIJob CRD's schema survives a round trip through JSON text too")
    func crdThroughJSON() throws {
        let file = YAMLTestSupport.fixturesFolder.appendingPathComponent("crds/mpi-operator/kubeflow.org_mpijobs.yaml")
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        let crd = try YAMLReader.document(try String(contentsOf: file, encoding: .utf8))
        #expect(crd[path: "spec", "names", "kind"] == "MPIJob")
        let json = JSONWriter().string(crd)
        #expect(try YAMLReader.document(json) == crd)
        #expect(try YAMLReader.document(YAMLWriter().string(try JSONParser.parse(json))) == crd)
    }

    @Test("PyYAML reads the upstream manifests as the reader does")
    func pyYAMLReadsManifests() throws {
        let files = YAMLTestSupport.yamlFiles(under: YAMLTestSupport.fixturesFolder.appendingPathComponent("crds"))
        let script = """
            import json, sys, yaml
            with open(sys.argv[1], encoding="utf-8") as f:
                docs = [d for d in yaml.safe_load_all(f) if d is not None]
            sys.stdout.write(json.dumps(docs))
            """
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: file))
            guard let (status, output, errors) = try YAMLTestSupport.run("/usr/bin/python3", ["-c", script, "{}"], input: bytes)
            else {
                print("skipped: /usr/bin/python3 is missing")
                return
            }
            if status != 0 && errors.contains("No module named 'yaml'") {
                print("skipped: PyYAML is missing")
                return
            }
            #expect(status == 0, "\(errors)")
            guard status == 0 else { continue }
            let theirs = try JSONParser.parse(output)
            let ours = JSON.array(try YAMLReader.documents(bytes))
            #expect(Self.sameByValue(ours, theirs), "\(file.lastPathComponent)")
        }
    }

    /// PyYAML is a YAML 1.1 reader like go-yaml: if it reads a string of ours as anything
    /// but that string, the quoting is wrong.
    @Test("PyYAML reads the writer's output as the same JSON")
    func pyYAMLAgrees() throws {
        let numbers = ["0", "7", "-12", "3.25", "-0.5", "123456789012345678901234567890"]
        var generator = NastyJSON(seed: 0xB0B, numbers: numbers)
        var values: [JSON] = []
        for _ in 0..<1500 { values.append(generator.value()) }
        let document = JSON.array(values)
        let script = """
            import json, sys, yaml
            with open(sys.argv[1], encoding="utf-8") as f:
                data = yaml.safe_load(f)
            sys.stdout.write(json.dumps(data))
            """
        guard let (status, output, errors) = try YAMLTestSupport.run(
            "/usr/bin/python3", ["-c", script, "{}"], input: YAMLWriter().bytes(document))
        else {
            print("skipped: /usr/bin/python3 is missing")
            return
        }
        if status != 0 && errors.contains("No module named 'yaml'") {
            print("skipped: PyYAML is missing")
            return
        }
        #expect(status == 0, "\(errors)")
        guard status == 0 else { return }
        let theirs = try JSONParser.parse(output)
        guard case .array(let items) = theirs, items.count == values.count else {
            Issue.record("PyYAML returned \(theirs.kindName)")
            return
        }
        for (ours, theirs) in zip(values, items) where !Self.sameByValue(ours, theirs) {
            Issue.record("PyYAML read \(JSONWriter(style: .compact).string(theirs)) for \(JSONWriter(style: .compact).string(ours))\n\(YAMLWriter().string(ours))")
        }
    }

    /// Numbers compared by value: PyYAML prints its own float text.
    static func sameByValue(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return Double(x) == Double(y)
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { sameByValue($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.pairs.allSatisfy { pair in y[pair.key].map { sameByValue(pair.value, $0) } ?? false }
        default: return a == b
        }
    }

    /// Makes a value one that kubectl prints in one way only. go-yaml's key comparison can
    /// be cyclic (`+1a` < `+4~` < `+1190` < `+1a`), and then Go's random map order decides
    /// kubectl's output: objects whose keys are not strictly ordered get numbered keys.
    /// Strings the writer quotes on purpose where kubectl does not get a prefix.
    static func comparable(_ value: JSON, _ deliberate: Set<String>) -> JSON {
        switch value {
        case .string(let text):
            return isDeliberate(text, deliberate) ? .string("x" + text) : value
        case .array(let items):
            return .array(items.map { comparable($0, deliberate) })
        case .object(let object):
            let keys = object.keys.map { isDeliberate($0, deliberate) ? "x" + $0 : $0 }
            var ordered = true
            for a in keys {
                for b in keys where a != b && YAMLKeyOrder.less(a, b) == YAMLKeyOrder.less(b, a) { ordered = false }
                for b in keys where YAMLKeyOrder.less(a, b) {
                    for c in keys where YAMLKeyOrder.less(b, c) && !YAMLKeyOrder.less(a, c) { ordered = false }
                }
            }
            var result = JSONObject()
            for (index, (key, item)) in zip(keys, object.values).enumerated() {
                result[ordered ? key : "k\(index)\(key)"] = comparable(item, deliberate)
            }
            return .object(result)
        default:
            return value
        }
    }

    /// Out-of-range literals like `1e30755` are strings to go-yaml but numbers to this
    /// reader, so the writer quotes them.
    static func isDeliberate(_ text: String, _ deliberate: Set<String>) -> Bool {
        if deliberate.contains(text) { return true }
        return YAMLNumberSyntax.isJSONNumberLiteral(Array(text.utf8)) && !(Double(text)?.isFinite ?? false)
    }

    /// kubectl is the reference for the output format: the same object must print the
    /// same bytes. `label --local` prints an object without a cluster.
    @Test("kubectl prints random objects byte for byte as the writer does")
    func kubectlAgrees() throws {
        // kubectl passes numbers through Go floats, so only ones it prints unchanged.
        // Where the writer quotes more than go-yaml (for this reader or for PyYAML), it
        // deliberately differs from kubectl. kubectl itself cannot print DEL, U+FFFE or NEL:
        // Go's JSON encoder leaves them raw, then go-yaml refuses the first two and reads
        // NEL as a line break.
        let deliberate: Set = [
            "1e400", "<<", "=", "._5", "0b_", "2024-13-45", "2001-12-14 21:59:43.10 -5", "\u{7F}", "\u{FFFE}", "\u{85}",
        ]
        var generator = NastyJSON(
            seed: 0xC0FFEE, numbers: ["0", "7", "-12", "3.25", "-0.5", "123"],
            fragments: NastyJSON.fragments.filter { !deliberate.contains($0) })
        // Numbered keys give the big map one order; small objects keep raw keys.
        var data = JSONObject()
        var extra: [JSON] = []
        for index in 0..<1500 {
            data["k\(1000 + index)-\(generator.string())"] = Self.comparable(.string(generator.string()), deliberate)
            extra.append(Self.comparable(generator.value(), deliberate))
        }
        let object: JSON = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": "random", "labels": ["app": "x"]],
            "data": .object(data), "extra": .array(extra),
        ]
        guard let (status, output, errors) = try YAMLTestSupport.run(
            "/usr/bin/kubectl", ["label", "--local", "--overwrite", "-f", "{}", "app=x", "-o", "yaml"],
            input: JSONWriter(style: .compact).bytes(object))
        else {
            print("skipped: /usr/bin/kubectl is missing")
            return
        }
        #expect(status == 0, "\(errors)")
        guard status == 0 else { return }
        let ours = YAMLWriter().string(object).split(separator: "\n", omittingEmptySubsequences: false)
        let theirs = String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        var differences = 0
        for (index, (a, b)) in zip(ours, theirs).enumerated() where a != b {
            differences += 1
            if differences <= 10 { Issue.record("line \(index + 1): ours \(a.debugDescription), kubectl \(b.debugDescription)") }
        }
        #expect(ours.count == theirs.count)
    }
}
