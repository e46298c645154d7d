import KubeClient
import Testing

@testable import MPIJobs

/// Why a finished job's pod is gone, from the evidence in the MPIJob: each cause has its own
/// words, and a hint only where something would really have kept the log.
@Suite struct PodRemovalTests {
    func job(failed: (String, String)? = nil, launcherPolicy: String? = nil, runPolicy: JSON = [:],
             completed: String = "2026-11-24T01:00:00Z") -> MPIJob {
        var object: JSON = [
            "metadata": ["name": "j", "namespace": "ns"],
            "spec": ["runPolicy": runPolicy, "mpiReplicaSpecs": ["Launcher": ["replicas": 1], "Worker": ["replicas": 2]]],
            "status": ["completionTime": .string(completed)],
        ]
        if let launcherPolicy {
            object.set(.string(launcherPolicy), at: ["spec", "mpiReplicaSpecs", "Launcher", "restartPolicy"])
        }
        if let failed {
            object.set([["type": "Failed", "status": "True", "reason": .string(failed.0), "message": .string(failed.1)]],
                       at: ["status", "conditions"])
        } else {
            object.set([["type": "Succeeded", "status": "True", "reason": "MPIJobSucceeded"]], at: ["status", "conditions"])
        }
        return MPIJob(object)
    }

    let later = Timestamp.parse("2026-11-24T02:00:00Z") ?? 0

    @Test func anOnFailureLauncherGoesWithItsJobAtTheBackoffLimit() {
        let removal = PodRemoval.explain(job: job(failed: ("BackoffLimitExceeded/Error", "limit")), launcher: true, now: later)
        #expect(removal.cause.contains("the Job controller deleted it when the launcher Job hit its backoff limit"))
        #expect(removal.hint?.contains("restartPolicy: Never") == true)
        // A Never launcher keeps its pods: if one is gone anyway, nothing in the job says why.
        let never = PodRemoval.explain(job: job(failed: ("BackoffLimitExceeded/Error", "limit"), launcherPolicy: "Never"),
                                       launcher: true, now: later)
        #expect(never.cause.contains("nothing in the job says by what"))
        #expect(never.hint == nil)
    }

    @Test func aDeadlineDeletesTheLauncherWhateverItsPolicy() {
        let removal = PodRemoval.explain(job: job(failed: ("DeadlineExceeded", "Job was active longer than specified deadline"),
                                                  launcherPolicy: "Never"), launcher: true, now: later)
        #expect(removal.cause.contains("activeDeadlineSeconds"))
        #expect(removal.hint?.contains("-f") == true)
    }

    @Test func theTTLRemovesTheLauncherJobOnlyOnceItHasPassed() {
        let ttl = job(runPolicy: ["ttlSecondsAfterFinished": 60])
        #expect(PodRemoval.explain(job: ttl, launcher: true, now: later).cause.contains("ttlSecondsAfterFinished: 60"))
        let justDone = Timestamp.parse("2026-11-24T01:00:10Z") ?? 0
        #expect(PodRemoval.explain(job: ttl, launcher: true, now: justDone).cause.contains("nothing in the job says"))
    }

    @Test func workersGoByTheCleanPodPolicy() {
        let all = PodRemoval.explain(job: job(runPolicy: ["cleanPodPolicy": "All"]), launcher: false, now: later)
        #expect(all.cause.contains("cleanPodPolicy: All") && all.hint?.contains("cleanPodPolicy: None") == true)
        let running = PodRemoval.explain(job: job(runPolicy: ["cleanPodPolicy": "Running"]), launcher: false, now: later)
        #expect(running.cause.contains("as it was still running"))
        // None (also the operator's default when unset) deletes nothing: someone else did.
        let none = PodRemoval.explain(job: job(), launcher: false, now: later)
        #expect(none.cause.contains("cleanPodPolicy is None") && none.cause.contains("by hand"))
        #expect(none.hint == nil)
    }

    @Test func anEvictedWorkerSaysSo() {
        let evicted = PodRemoval.explain(job: job(failed: ("MPIJobEvicted", "The node was low on resource: memory.")),
                                         launcher: false, now: later)
        #expect(evicted.cause.contains("a worker was evicted (The node was low on resource: memory.)"))
        #expect(evicted.hint?.contains("Guaranteed QoS") == true)
    }

    @Test func aSuspendedJobHasNoPodsUntilResumed() {
        let suspended = job(runPolicy: ["suspend": true])
        let removal = PodRemoval.explain(job: suspended, launcher: true, now: later)
        #expect(removal.cause.contains("suspended") && removal.hint == nil)
    }
}
