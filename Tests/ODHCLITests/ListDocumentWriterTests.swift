import KubeClient
import MPIJobs
import Testing

@testable import ODHCLI

/// A list printed one object at a time must be byte for byte the list printed whole.
@Suite struct ListDocumentWriterTests {
    static let objects: [JSON] = [
        [
            "apiVersion": "kubeflow.org/v2beta1", "kind": "MPIJob",
            "metadata": ["name": "pi", "namespace": "team-a", "labels": ["a/b": "1", "z": "yes"],
                         "managedFields": [["manager": "kubectl", "fieldsV1": ["f:spec": [:]]]]],
            "spec": ["slotsPerWorker": 1, "empty": [:], "none": [], "n": .number("1e3"),
                     "command": ["bash", "-c", "echo one\necho two\n"]],
            "zz": "a text\nthat ends in a newline\n",
        ],
        ["metadata": ["name": "b", "namespace": "team-b", "annotations": ["note": .string(String(repeating: "long words ", count: 20))]],
         "status": ["conditions": [["type": "Running", "status": "True", "message": "<&> \u{2028} é 日本"]]]],
        ["metadata": ["name": "c"], "list": [[1, 2], [], [[:]]], "t": true, "null": nil, "key: odd": "-", "yes": "no"],
        ["metadata": ["name": "d"], "zz": "ends with a literal block\n\n"],
    ]

    @Test(arguments: [OutputFormat.json, .yaml, .name], [0, 1, 2, 4])
    func streamedEqualsWhole(format: OutputFormat, count: Int) {
        let objects = Array(Self.objects.prefix(count))
        let whole = ObjectPrinter(format: format, resourceName: MPIJob.objectName).render(objects, asList: true)
        var writer = ListDocumentWriter(format: format, resourceName: MPIJob.objectName)
        for object in objects { writer.append(object) }
        let streamed = writer.finish().flatMap { $0 }
        #expect(String(decoding: streamed, as: UTF8.self) == String(decoding: whole, as: UTF8.self))
    }

    @Test func largeOutputComesInPieces() {
        var writer = ListDocumentWriter(format: .json, resourceName: MPIJob.objectName)
        let big: JSON = ["metadata": ["name": "x"], "data": .string(String(repeating: "a", count: 300_000))]
        for _ in 0..<8 { writer.append(big) }
        let pieces = writer.finish()
        #expect(pieces.count > 1)
        #expect(pieces.flatMap { $0 } == ObjectPrinter(format: .json, resourceName: "x").render(
            Array(repeating: big, count: 8), asList: true))
    }
}

@Suite struct JobListCollectorTests {
    static func job(_ name: String, namespace: String = "ns", created: String, phase: String?) -> [UInt8] {
        var object: JSON = ["apiVersion": "kubeflow.org/v2beta1", "kind": "MPIJob",
                            "metadata": ["name": .string(name), "namespace": .string(namespace),
                                         "creationTimestamp": .string(created)],
                            "spec": ["mpiReplicaSpecs": ["Worker": ["replicas": 2]]]]
        if let phase {
            object.set(.array([["type": .string(phase), "status": "True"]]), at: ["status", "conditions"])
        }
        return Array(object.compactText.utf8)
    }

    static let items = [
        job("b", created: "2024-01-02T00:00:00Z", phase: "Succeeded"),
        job("a", namespace: "z", created: "2024-01-03T00:00:00Z", phase: "Failed"),
        job("c", created: "2024-01-01T00:00:00Z", phase: "Succeeded"),
        job("a", created: "2024-01-01T00:00:00Z", phase: nil),
    ]

    func collect(_ format: OutputFormat, order: JobOrder?, statuses: [JobPhase] = []) throws -> JobListCollector {
        var collector = JobListCollector(format: format, statuses: statuses, order: order, withNamespace: true, now: 0)
        collector.restart()
        for item in Self.items {
            try item.withUnsafeBufferPointer { (bytes) throws(ClientError) in try collector.item(bytes) }
        }
        return collector
    }

    @Test(arguments: JobOrder.allCases)
    func everyOutputFollowsTheOrderOfTheWholeList(order: JobOrder) throws {
        let jobs = try Self.items.map { MPIJob(try JSONParser.parse($0)) }
        let expected = order.sorted(jobs)
        let table = try collect(.table, order: order).table()
        #expect(table.rows.map { [$0[0], $0[1]] } == expected.map { [$0.namespace, $0.name] })
        var names = try collect(.name, order: order)
        #expect(String(decoding: try names.document().flatMap { $0 }, as: UTF8.self)
            == expected.map { "mpijob.kubeflow.org/\($0.name)\n" }.joined())
        var json = try collect(.json, order: order)
        #expect(try json.document().flatMap { $0 }
            == ObjectPrinter(format: .json, resourceName: MPIJob.objectName).render(expected.map(\.object), asList: true))
    }

    @Test func statusFilterAndRestartDropWhatIsNotWanted() throws {
        var collector = try collect(.name, order: nil, statuses: [.succeeded])
        #expect(collector.count == 2)
        collector.restart()
        #expect(collector.count == 0)
        #expect(String(decoding: try collector.document().flatMap { $0 }, as: UTF8.self) == "")
    }
}
