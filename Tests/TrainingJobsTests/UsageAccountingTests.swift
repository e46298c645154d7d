import KubeClient
import MPIJobs
import Testing

@testable import TrainingJobs

@Suite struct UsageAccountingTests {
    func pod(_ name: String, job: String, phase: String, gpu: String? = nil, cpu: String = "1",
             memory: String = "1Gi", namespace: String = "a") -> JSON {
        var limits: [(String, JSON)] = [("cpu", .string(cpu)), ("memory", .string(memory))]
        if let gpu { limits.append((MPIJob.gpuResource, .string(gpu))) }
        return ["metadata": ["name": .string(name), "namespace": .string(namespace), "labels": [
                    "training.kubeflow.org/job-name": .string(job),
                    "training.kubeflow.org/operator-name": "pytorchjob-controller"]],
                "spec": ["containers": [["name": "pytorch", "resources": ["limits": .object(JSONObject(limits))]]]],
                "status": ["phase": .string(phase)]]
    }

    func job(_ name: String, namespace: String = "a", queue: String? = nil) -> TrainingJob {
        var object: JSON = ["kind": "PyTorchJob", "metadata": ["name": .string(name), "namespace": .string(namespace)]]
        if let queue { object.set(.string(queue), at: ["metadata", "labels", MPIJob.queueLabel]) }
        return TrainingJob(kind: KubeflowV1Kind.pytorch, object: object)
    }

    @Test func runningAndPendingApartMostGPUsFirst() throws {
        let inputs = UsageInputs(
            jobs: [job("small"), job("big"), job("done")],
            pods: [pod("small-0", job: "small", phase: "Running", cpu: "500m"),
                   pod("big-0", job: "big", phase: "Running", gpu: "2"),
                   pod("big-1", job: "big", phase: "Pending", gpu: "2", memory: "512Mi"),
                   pod("done-0", job: "done", phase: "Succeeded", gpu: "8"),
                   pod("stray", job: "nojob", phase: "Running", gpu: "4")],
            quotas: [], localQueues: [], clusterQueues: [])
        let report = UsageAccounting.report(inputs)
        #expect(report.jobs.map(\.job.name) == ["big", "small"])
        let big = try #require(report.jobs.first)
        #expect(big.running.gpus == Quantity(2) && big.pending.gpus == Quantity(2))
        #expect(big.running.pods == 1 && big.pending.pods == 1)
        #expect(big.pending.memory == (try Quantity(parsing: "512Mi")))
        #expect(report.jobs[1].running.cpu == (try Quantity(parsing: "500m")))
        #expect(report.namespaces.count == 1)
        #expect(report.namespaces[0].running.cpu == (try Quantity(parsing: "1500m")))
        #expect(report.namespaces[0].jobs == 2)
    }

    @Test func quotaAndClusterQueueLimits() throws {
        let quota: JSON = ["metadata": ["name": "q", "namespace": "a"],
                           "spec": ["hard": ["requests.nvidia.com/gpu": "4", "count/pods": "10", "requests.storage": "1Ti"]],
                           "status": ["hard": ["requests.nvidia.com/gpu": "4", "count/pods": "10", "requests.storage": "1Ti"],
                                      "used": ["requests.nvidia.com/gpu": "3"]]]
        let localQueue: JSON = ["metadata": ["name": "lq", "namespace": "a"], "spec": ["clusterQueue": "cq"]]
        let clusterQueue: JSON = ["metadata": ["name": "cq"], "spec": ["resourceGroups": [["flavors": [
            ["name": "on-demand", "resources": [["name": "nvidia.com/gpu", "nominalQuota": 8]]],
            ["name": "spot", "resources": [["name": "nvidia.com/gpu", "nominalQuota": "4"]]]]]]]]
        let inputs = UsageInputs(
            jobs: [job("queued", queue: "lq"), job("free")],
            pods: [pod("queued-0", job: "queued", phase: "Running", gpu: "1"),
                   pod("free-0", job: "free", phase: "Pending", gpu: "2")],
            quotas: [quota], localQueues: [localQueue], clusterQueues: [clusterQueue])
        let report = UsageAccounting.report(inputs)
        let quotaRows = report.limits.filter { $0.source == .resourceQuota }
        // Only compute keys; storage and object counts are not job usage.
        #expect(quotaRows.map(\.resource) == ["requests.nvidia.com/gpu"])
        #expect(quotaRows[0].requested == Quantity(3) && quotaRows[0].used == Quantity(3))
        #expect(quotaRows[0].available == Quantity(1))
        let cq = try #require(report.limits.first { $0.source == .clusterQueue })
        #expect(cq.hard == Quantity(12) && cq.requested == Quantity(1) && cq.used == nil)
        #expect(cq.namespaces == ["a"] && cq.available == Quantity(11))
        #expect(report.jobs.first { $0.job.name == "queued" }?.clusterQueue == "cq")
    }

    @Test func anUnreadableQuantityIsANoteNotACrash() {
        let inputs = UsageInputs(jobs: [job("j")], pods: [pod("j-0", job: "j", phase: "Running", cpu: "lots")],
                                 quotas: [], localQueues: [], clusterQueues: [])
        let report = UsageAccounting.report(inputs)
        #expect(report.jobs.isEmpty)
        #expect(report.notes.count == 1 && report.notes[0].contains("pod a/j-0"))
    }
}
