import KubeClient
import Testing

@testable import MPIJobs

@Suite struct JobStatusTests {
    func job(conditions: [(String, String)], launcher: (Int, Int, Int)? = nil, suspend: Bool = false,
             queue: String? = nil, workers: Int = 2, workerActive: Int = 0) -> MPIJob {
        var object: JSON = [
            "apiVersion": "kubeflow.org/v2beta1", "kind": "MPIJob",
            "metadata": ["name": "j", "namespace": "ns", "creationTimestamp": "2026-11-24T01:00:00Z"],
            "spec": ["runPolicy": ["suspend": .bool(suspend)], "mpiReplicaSpecs": ["Worker": ["replicas": .int(workers)]]],
        ]
        if let queue { object.set(.string(queue), at: ["metadata", "labels", MPIJob.queueLabel]) }
        object.set(.array(conditions.map { ["type": .string($0.0), "status": .string($0.1)] }), at: ["status", "conditions"])
        if let launcher {
            object.set(["active": .int(launcher.0), "succeeded": .int(launcher.1), "failed": .int(launcher.2)],
                       at: ["status", "replicaStatuses", "Launcher"])
        }
        object.set(["active": .int(workerActive)], at: ["status", "replicaStatuses", "Worker"])
        return MPIJob(object)
    }

    @Test func phases() {
        #expect(job(conditions: []).phase == .pending)
        #expect(job(conditions: [("Created", "True")]).phase == .pending)
        #expect(job(conditions: [("Created", "True"), ("Running", "True")]).phase == .running)
        #expect(job(conditions: [("Running", "False"), ("Succeeded", "True")]).phase == .succeeded)
        #expect(job(conditions: [("Running", "False"), ("Failed", "True")]).phase == .failed)
        #expect(job(conditions: [("Suspended", "True")], suspend: true).phase == .suspended)
        #expect(job(conditions: [("Suspended", "True")], suspend: true, queue: "team-q").phase == .queued)
        #expect(job(conditions: [("Suspended", "False"), ("Running", "True")], queue: "team-q").phase == .running)
    }

    @Test func restartingIsDerivedFromTheLauncherCounts() {
        #expect(job(conditions: [("Running", "True")], launcher: (1, 0, 1)).phase == .restarting)
        #expect(job(conditions: [("Running", "True")], launcher: (1, 0, 0)).phase == .running)
        // A launcher that failed and has no new attempt is not restarting.
        #expect(job(conditions: [("Created", "True")], launcher: (0, 0, 1)).phase == .pending)
    }

    @Test func workersReadyOverDesired() {
        let running = job(conditions: [("Running", "True")], workers: 4, workerActive: 3)
        #expect(running.readyWorkers == 3)
        #expect(running.desiredWorkers == 4)
    }

    @Test func phaseNamesAcceptAnyCase() {
        #expect(JobPhase(caseInsensitive: "running") == .running)
        #expect(JobPhase(caseInsensitive: "FAILED") == .failed)
        #expect(JobPhase(caseInsensitive: "done") == nil)
    }
}

@Suite struct AgeTests {
    @Test(arguments: [
        (0.0, "0s"), (-0.5, "0s"), (-5, "<invalid>"), (45, "45s"), (119, "119s"), (120, "2m"), (125, "2m5s"),
        (600, "10m"), (179 * 60, "179m"), (3 * 3600, "3h"), (3 * 3600 + 240, "3h4m"), (8 * 3600, "8h"), (47 * 3600, "47h"),
        (48 * 3600, "2d"), (50 * 3600, "2d2h"), (8 * 86400, "8d"), (400 * 86400, "400d"), (730 * 86400, "2y"),
        (735 * 86400, "2y5d"), (3000 * 86400, "8y"),
    ] as [(Double, String)])
    func kubectlHumanDuration(_ seconds: Double, _ expected: String) {
        #expect(Age.human(seconds: seconds) == expected)
    }

    @Test func sinceTimestamp() {
        #expect(Age.since("2026-11-24T01:00:00Z", now: Timestamp.parse("2026-11-24T01:05:00Z") ?? 0) == "5m")
        #expect(Age.since(nil, now: 0) == "<unknown>")
    }
}
