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

    /// An OnFailure launcher crash-looping in place never raises Launcher.failed: only its pod shows it.
    @Test func restartingIsSeenInTheLauncherPod() throws {
        func launcher(restarts: Int, waiting: String?, phase: String = "Running", created: String = "2026-11-24T01:00:00Z")
            -> PodSummary
        {
            var state: JSON = ["running": ["startedAt": "2026-11-24T01:00:05Z"]]
            if let waiting { state = ["waiting": ["reason": .string(waiting)]] }
            return PodSummary([
                "metadata": ["name": .string("j-launcher-\(restarts)abcd"), "creationTimestamp": .string(created),
                             "labels": ["training.kubeflow.org/job-role": "launcher", "training.kubeflow.org/job-name": "j"]],
                "spec": ["containers": [["name": "mpi-launcher", "image": "x"]]],
                "status": ["phase": .string(phase), "containerStatuses": [[
                    "name": "mpi-launcher", "image": "x", "ready": false, "restartCount": .int(restarts), "state": state]]],
            ])
        }
        var looping = job(conditions: [("Created", "True"), ("Running", "True")], launcher: (0, 0, 0))
        #expect(looping.phase == .running)
        looping.launcher = LauncherObservation(launcherPods: [launcher(restarts: 2, waiting: "CrashLoopBackOff")])
        #expect(looping.phase == .restarting)
        looping.launcher = LauncherObservation(launcherPods: [launcher(restarts: 0, waiting: nil)])
        #expect(looping.phase == .running)
        // Only the newest unfinished launcher counts: a finished earlier attempt says nothing about now.
        let old = launcher(restarts: 3, waiting: nil, phase: "Failed", created: "2026-11-24T00:00:00Z")
        looping.launcher = LauncherObservation(launcherPods: [old, launcher(restarts: 0, waiting: nil)])
        #expect(looping.launcher?.restarts == 0)
        #expect(LauncherObservation(launcherPods: [old]) == nil)
        // A job that ended is what it ended as, whatever its launcher pod did.
        var failed = job(conditions: [("Failed", "True")])
        failed.launcher = LauncherObservation(launcherPods: [launcher(restarts: 5, waiting: "CrashLoopBackOff")])
        #expect(failed.phase == .failed)
        #expect(!failed.launcherPodMatters)
    }

    @Test func waitTargets() {
        #expect(WaitTarget.parse("condition=succeeded=false") == .condition(type: "Succeeded", status: "False"))
        #expect(WaitTarget.parse("condition=Suspended") == .condition(type: "Suspended", status: "True"))
        #expect(WaitTarget.parse("condition=Running=maybe") == nil)
        #expect(WaitTarget.parse("condition=") == nil)
        #expect(WaitTarget.parse("Completion") == .completion)
        let done = job(conditions: [("Running", "False"), ("Succeeded", "True")])
        // Once a job has ended its conditions are final: a condition it lacks can never come.
        guard case .unreachable(_, let condition)? = JobWaiter.evaluate(
            done, target: .condition(type: "Succeeded", status: "False")) else {
            Issue.record("expected unreachable")
            return
        }
        #expect(condition == "Succeeded=False")
        if case .reached? = JobWaiter.evaluate(done, target: .condition(type: "Succeeded", status: "True")) {} else {
            Issue.record("Succeeded=True is reached")
        }
        let failed = job(conditions: [("Failed", "True")])
        if case .failed? = JobWaiter.evaluate(failed, target: .condition(type: "Running", status: "True")) {} else {
            Issue.record("a failed job reports its failure")
        }
        #expect(JobWaiter.evaluate(job(conditions: [("Created", "True")]), target: .completion) == nil)
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
