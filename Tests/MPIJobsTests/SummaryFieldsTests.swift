import KubeClient
import Testing

@testable import MPIJobs

/// A plain table parses jobs with `MPIJob.summaryFields`: everything such a row, its sort keys,
/// `--status` and Kueue's view read must come out the same as from the whole job.
@Suite struct SummaryFieldsTests {
    func parsed(_ object: JSON, _ projection: JSONProjection) throws -> MPIJob {
        let bytes = JSONWriter(style: .compact, sortKeys: false).bytes(object)
        let value = try bytes.withUnsafeBufferPointer { (buffer) throws(JSONParseError) in
            try JSONParser.parse(bytes: buffer, projection: projection)
        }
        return MPIJob(value)
    }

    /// Upstream examples, the apiserver's own objects, and every state the summary reads.
    func jobs() throws -> [JSON] {
        var bases: [JSON] = []
        for file in try Fixtures.upstreamExampleFiles() {
            bases += try Fixtures.yamlDocuments(file).filter { $0["kind"]?.stringValue == "MPIJob" }
        }
        for name in ["11-get-succeeded.http", "12-get-failed.http", "13-get-running.http"] {
            bases.append(try Fixtures.goldenBody(name))
        }
        var jobs: [JSON] = []
        let conditions: [[(String, String)]] = [
            [], [("Created", "True")], [("Running", "True")], [("Suspended", "True")],
            [("Running", "False"), ("Succeeded", "True")], [("Failed", "True")], [("Restarting", "True")],
        ]
        for (index, base) in bases.enumerated() {
            for (variant, conds) in conditions.enumerated() {
                var job = base
                job.set(.string("job-\(index)-\(variant)"), at: ["metadata", "name"])
                job.set("team", at: ["metadata", "namespace"])
                job.set(.string("uid-\(index)-\(variant)"), at: ["metadata", "uid"])
                job.set("2026-11-24T01:00:00Z", at: ["metadata", "creationTimestamp"])
                job.set(["big": .string(String(repeating: "x", count: 100))], at: ["metadata", "annotations"])
                if variant % 2 == 1 { job.set("team-q", at: ["metadata", "labels", MPIJob.queueLabel]) }
                if variant % 3 == 0 { job.set(.bool(true), at: ["spec", "runPolicy", "suspend"]) }
                job.set(.array(conds.map { ["type": .string($0.0), "status": .string($0.1)] }), at: ["status", "conditions"])
                job.set(["active": .int(variant % 2), "failed": .int(variant / 4)], at: ["status", "replicaStatuses", "Launcher"])
                job.set(["active": .int(variant)], at: ["status", "replicaStatuses", "Worker"])
                jobs.append(job)
            }
        }
        return jobs
    }

    @Test func everythingARowReadsIsKept() throws {
        let all = try jobs()
        #expect(all.count > 50)
        let workloads = all.map { job in
            Workload(["metadata": ["ownerReferences": [["controller": true, "uid": job[path: "metadata", "uid"] ?? .null]]],
                      "status": ["conditions": [["type": "QuotaReserved", "status": "True"]]]])
        }
        let index = QueueIndex(workloads: workloads)
        for object in all {
            let whole = try parsed(object, .withoutManagedFields)
            let summary = try parsed(object, MPIJob.summaryFields)
            #expect(summary.name == whole.name)
            #expect(summary.namespace == whole.namespace)
            #expect(summary.creationTimestamp == whole.creationTimestamp)
            #expect(summary.uid == whole.uid)
            #expect(summary.queueName == whole.queueName)
            #expect(summary.isSuspended == whole.isSuspended)
            #expect(summary.desiredWorkers == whole.desiredWorkers)
            #expect(summary.readyWorkers == whole.readyWorkers)
            #expect(summary.phase == whole.phase)
            #expect(summary.launcherState == whole.launcherState)
            #expect(index.phase(of: summary) == index.phase(of: whole))
            // And it did leave the templates and annotations out.
            #expect(summary.object[path: "spec", "mpiReplicaSpecs", "Worker", "template"] == nil)
            #expect(summary.object[path: "metadata", "annotations"] == nil)
            #expect(whole.object[path: "spec", "mpiReplicaSpecs", "Worker", "template"] != nil)
        }
    }
}
