import KubeClient

/// Why a finished job's launcher or worker has no pod any more, read from evidence in the
/// MPIJob (its conditions and run policy), and what would have kept the pod and its log.
/// Used by `logs` and by `describe`'s diagnosis, so neither suggests a read that cannot work.
public struct PodRemoval: Sendable, Equatable {
    public var cause: String
    /// What would have kept the log, when something would.
    public var hint: String?

    /// `job` has ended (or is suspended) and its launcher's (or a worker's) pod is missing.
    public static func explain(job: MPIJob, launcher isLauncher: Bool, now: Double) -> PodRemoval {
        let spec = job.object["spec"]
        let runPolicy = spec?["runPolicy"]
        if runPolicy?["suspend"]?.boolValue == true {
            return PodRemoval(cause: "the job is suspended (runPolicy.suspend): its pods are removed until it resumes",
                              hint: nil)
        }
        return isLauncher ? launcher(job: job, runPolicy: runPolicy, now: now) : worker(job: job, runPolicy: runPolicy)
    }

    private static func launcher(job: MPIJob, runPolicy: JSON?, now: Double) -> PodRemoval {
        let restartPolicy = job.object[path: "spec", "mpiReplicaSpecs", "Launcher", "restartPolicy"]?.stringValue
            ?? "OnFailure"
        if let failed = job.condition("Failed"), failed.status == "True" {
            if failed.reason.contains("DeadlineExceeded") {
                return PodRemoval(
                    cause: "the Job controller deleted it when the job ran past runPolicy.activeDeadlineSeconds"
                        + " (\(failed.reason))",
                    hint: "a longer runPolicy.activeDeadlineSeconds gives it more time; while it runs, follow it with"
                        + " 'kubectl odh mpijob logs \(job.name) -f' to keep what it prints")
            }
            if failed.reason.contains("BackoffLimitExceeded") && restartPolicy == "OnFailure" {
                return PodRemoval(
                    cause: "the Job controller deleted it when the launcher Job hit its backoff limit"
                        + " (\(failed.reason)): with restartPolicy OnFailure a crashed launcher restarts in the same pod,"
                        + " and that pod goes when the Job gives up",
                    hint: "a Launcher with restartPolicy: Never keeps one pod, and its log, per failed attempt; or follow"
                        + " the job while it runs: 'kubectl odh mpijob create … --wait --follow' or 'mpijob logs \(job.name) -f'")
            }
        }
        if let ttl = runPolicy?["ttlSecondsAfterFinished"]?.intValue, ttlPassed(job: job, ttl: ttl, now: now) {
            return PodRemoval(
                cause: "it was removed with the launcher Job \(ttl)s after the job finished"
                    + " (runPolicy.ttlSecondsAfterFinished: \(ttl))",
                hint: "a longer runPolicy.ttlSecondsAfterFinished keeps the launcher's log for longer")
        }
        return PodRemoval(
            cause: "it was deleted, and nothing in the job says by what (no TTL, no failure that removes it):"
                + " by hand, or by a controller outside the job",
            hint: nil)
    }

    private static func worker(job: MPIJob, runPolicy: JSON?) -> PodRemoval {
        // The operator's own default is None (mpijob-facts §6), whatever its docs say.
        let policy = runPolicy?["cleanPodPolicy"]?.stringValue ?? "None"
        if let failed = job.condition("Failed"), failed.isTrue, failed.reason == "MPIJobEvicted" {
            // The kubelet evicted a worker (node pressure, preemption): its containers, and their
            // logs, went with the eviction, and the job failed for it.
            let message = failed.message.isEmpty ? "" : " (\(failed.message))"
            return PodRemoval(
                cause: "the job failed because a worker was evicted\(message); an evicted pod's containers and logs"
                    + " are removed by the kubelet, and the pod itself may have been cleaned up since"
                    + " (runPolicy.cleanPodPolicy: \(policy))",
                hint: "eviction comes from node pressure or preemption: requests equal to limits (Guaranteed QoS) are"
                    + " evicted last; follow the job while it runs ('mpijob logs \(job.name) --all-workers -f') to keep"
                    + " what the workers print")
        }
        switch policy {
        case "All":
            return PodRemoval(cause: "the operator removed it when the job ended (runPolicy.cleanPodPolicy: All)",
                              hint: "runPolicy.cleanPodPolicy: None keeps worker pods, and their logs, after the job ends")
        case "Running":
            return PodRemoval(
                cause: "the operator removed it when the job ended, as it was still running"
                    + " (runPolicy.cleanPodPolicy: Running)",
                hint: "runPolicy.cleanPodPolicy: None keeps worker pods, and their logs, after the job ends")
        default:
            return PodRemoval(
                cause: "it was deleted, and nothing in the job says by what (runPolicy.cleanPodPolicy is \(policy)):"
                    + " by hand, or by a controller outside the job",
                hint: nil)
        }
    }

    private static func ttlPassed(job: MPIJob, ttl: Int, now: Double) -> Bool {
        guard let done = job.object[path: "status", "completionTime"]?.stringValue.flatMap(Timestamp.parse) else {
            return true
        }
        return now >= done + Double(ttl) - 1
    }
}
