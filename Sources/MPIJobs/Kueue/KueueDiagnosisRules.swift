import KubeClient

/// Diagnosis rules that read Kueue's side of a job (`DiagnosisFacts.queue`): a queue that
/// does not exist or cannot admit, quota the job waits for (with the numbers), a preemption
/// or eviction, a deactivated Workload. Kueue's own messages are quoted verbatim.
enum KueueDiagnosisRules {
    typealias Rule = DiagnosisRules.Rule

    static let all: [Rule] = [
        queueMissing, clusterQueueMissing, queueInactive, noWorkload, preempted, evicted, deactivated, waiting,
        admitted,
    ]

    /// With Kueue's facts in hand, the generic guesses from the job alone give way.
    static let replaces: Set<String> = ["queued", "admitted"]

    private static func isOpen(_ facts: DiagnosisFacts) -> Bool { !facts.phase.isFinished }

    /// The QuotaReserved=False message Kueue wrote, when the Workload waits.
    private static func pendingMessage(_ queue: QueueFacts) -> JobCondition? {
        guard let workload = queue.workload.value, workload.state == .pending,
            let reserved = workload.condition("QuotaReserved"), !reserved.isTrue, !reserved.message.isEmpty
        else { return nil }
        return reserved
    }

    static let queueMissing: Rule = { facts in
        guard let queue = facts.queue, isOpen(facts) else { return [] }
        let said = pendingMessage(queue).map(\.message)
        guard queue.localQueue.isMissing || said == "LocalQueue \(queue.queueName) doesn't exist" else { return [] }
        let kueue = said.map { " (Kueue: \"\($0)\")" } ?? ""
        var fix: String
        if let names = queue.namespaceQueues, !names.isEmpty {
            let guess = Suggestion.closest(to: queue.queueName, in: names)
            let target = guess ?? names[0]
            fix = "LocalQueues in \(facts.namespace): \(names.joined(separator: ", "))"
                + (guess.map { " — did you mean \"\($0)\"?" } ?? "")
                + ". While the job is suspended its queue can change: kubectl label mpijob \(facts.name) -n \(facts.namespace) \(MPIJob.queueLabel)=\(target) --overwrite"
        } else if queue.namespaceQueues != nil {
            fix = "namespace \(facts.namespace) has no LocalQueue at all: ask a Kueue admin for one (a LocalQueue pointing at a ClusterQueue), or delete the job and create it again without --queue"
        } else {
            fix = "list the namespace's LocalQueues (kubectl get localqueues -n \(facts.namespace)) and relabel the job while it is suspended: kubectl label mpijob \(facts.name) -n \(facts.namespace) \(MPIJob.queueLabel)=<queue> --overwrite"
        }
        return [Finding(
            rule: "queue-not-found", severity: .error,
            cause: "the job's queue-name label is \"\(queue.queueName)\" but namespace \(facts.namespace) has no LocalQueue by that name\(kueue): Kueue will never admit it, so it waits forever",
            fix: fix)]
    }

    static let clusterQueueMissing: Rule = { facts in
        guard let queue = facts.queue, isOpen(facts), let local = queue.localQueue.value else { return [] }
        let said = pendingMessage(queue).map(\.message)
        let missing = queue.clusterQueue?.isMissing == true || local.active?.reason == "ClusterQueueDoesNotExist"
            || said?.hasSuffix("doesn't exist") == true && said?.hasPrefix("ClusterQueue ") == true
        guard missing else { return [] }
        return [Finding(
            rule: "cluster-queue-not-found", severity: .error,
            cause: "LocalQueue \(queue.queueName) points at ClusterQueue \"\(local.clusterQueue)\", which does not exist"
                + (said.map { " (Kueue: \"\($0)\")" } ?? "") + ": nothing in this queue can be admitted",
            fix: "ask a Kueue admin to create ClusterQueue \(local.clusterQueue) or to point LocalQueue \(queue.queueName) at an existing one; or move the job to another LocalQueue while it is suspended (kubectl label mpijob \(facts.name) -n \(facts.namespace) \(MPIJob.queueLabel)=<queue> --overwrite)")]
    }

    static let queueInactive: Rule = { facts in
        guard let queue = facts.queue, isOpen(facts), let local = queue.localQueue.value else { return [] }
        if local.stopPolicy != "None" {
            return [Finding(
                rule: "local-queue-stopped", severity: .error,
                cause: "LocalQueue \(queue.queueName) is stopped (stopPolicy \(local.stopPolicy)): it admits nothing until it is resumed",
                fix: "ask whoever stopped it to resume it (kubectl kueue resume localqueue \(queue.queueName) -n \(facts.namespace)), or move the job to another LocalQueue while it is suspended")]
        }
        let clusterQueue = queue.clusterQueue?.value
        let inactive = clusterQueue.map { !$0.isActive } ?? (local.active?.reason == "ClusterQueueIsInactive")
        guard inactive, let name = queue.clusterQueueName else { return [] }
        let why = clusterQueue?.active.map { "\($0.reason): \"\($0.message)\"" }
            ?? local.active.map { "LocalQueue \(queue.queueName): \"\($0.message)\"" } ?? ""
        return [Finding(
            rule: "cluster-queue-inactive", severity: .error,
            cause: "ClusterQueue \(name), behind LocalQueue \(queue.queueName), is inactive and admits nothing (\(why))",
            fix: "a Kueue admin must fix ClusterQueue \(name) (kubectl describe clusterqueue \(name): a missing ResourceFlavor or AdmissionCheck, or a stopPolicy); meanwhile the job can move to another LocalQueue while it is suspended")]
    }

    static let noWorkload: Rule = { facts in
        guard let queue = facts.queue, isOpen(facts), queue.workload.isMissing, facts.job.isSuspended,
            facts.age >= DiagnosisRules.pickUpGrace
        else { return [] }
        return [Finding(
            rule: "no-workload", severity: .warning,
            cause: "the job has queue-name \"\(queue.queueName)\" and is suspended, but Kueue made no Workload for it \(Age.human(seconds: facts.age)) after creation: Kueue does not manage it, so nothing will unsuspend it",
            fix: "check that Kueue's MPIJob integration is enabled (kubeflow.org/mpijob in the Kueue Configuration's integrations.frameworks) and that namespace \(facts.namespace) matches its managedJobsNamespaceSelector")]
    }

    static let preempted: Rule = { facts in
        guard let queue = facts.queue, isOpen(facts), let workload = queue.workload.value,
            let condition = workload.condition("Preempted"), condition.isTrue
        else { return [] }
        let by = queue.preemptor.map { "by \($0)" }
            ?? QueueDescriber.field("UID", in: condition.message).map { "by Workload UID \($0)" } ?? "by another workload"
        let why = condition.message.firstRange(of: " due to ").map { message in
            String(condition.message[message.upperBound...].prefix { $0 != ";" })
        } ?? condition.reason
        let when = condition.lastTransitionTime.map { " \(Age.since($0, now: facts.now)) ago" } ?? ""
        return [Finding(
            rule: "preempted", severity: .warning,
            cause: "Kueue preempted the job\(when) \(by) due to \(why) (\(condition.reason)): it stopped the job and put it back in the queue; Kueue: \"\(condition.message)\"",
            fix: "it starts again from the beginning once quota frees up (checkpoint to resume work); to be preempted less, run at a higher WorkloadPriorityClass (label \(KueueAPI.priorityClassLabel)) or from a queue with quota of its own")]
    }

    static let evictionFixes: [String: String] = [
        "PodsReadyTimeout": "its pods did not all become ready in time (waitForPodsReady): look at the pods' events for why (image pulls, scheduling); Kueue requeues it with a backoff",
        "ClusterQueueStopped": "its ClusterQueue was stopped (stopPolicy HoldAndDrain): it waits until a Kueue admin resumes the queue",
        "LocalQueueStopped": "its LocalQueue was stopped (stopPolicy HoldAndDrain): it waits until the queue is resumed",
        "NodeFailures": "a node it ran on failed: Kueue requeued it to run elsewhere",
        "AdmissionCheck": "an admission check (for example a ProvisioningRequest) withdrew its approval: see the Workload's status.admissionChecks",
    ]

    static let evicted: Rule = { facts in
        guard let queue = facts.queue, isOpen(facts), let workload = queue.workload.value,
            let condition = workload.condition("Evicted"), condition.isTrue,
            !["Preempted", "Deactivated"].contains(where: condition.reason.hasPrefix)
        else { return [] }
        let when = condition.lastTransitionTime.map { " \(Age.since($0, now: facts.now)) ago" } ?? ""
        return [Finding(
            rule: "evicted-by-kueue", severity: .warning,
            cause: "Kueue evicted the job\(when) (\(condition.reason)): \"\(condition.message)\"",
            fix: evictionFixes[condition.reason] ?? "see the Workload's conditions: kubectl describe workload \(workload.name) -n \(facts.namespace)")]
    }

    static let deactivated: Rule = { facts in
        guard let queue = facts.queue, isOpen(facts), let workload = queue.workload.value, !workload.isActive
        else { return [] }
        return [Finding(
            rule: "suspended", severity: .info,
            cause: "suspended through Kueue: Workload \(workload.name) is deactivated (spec.active=false), so Kueue keeps the job stopped and will not admit it",
            fix: "resume it: kubectl odh mpijob resume \(facts.name) -n \(facts.namespace) (it queues again for quota)")]
    }

    static let waiting: Rule = { facts in
        guard let queue = facts.queue, isOpen(facts), let reserved = pendingMessage(queue),
            !reserved.message.hasPrefix("LocalQueue "), !reserved.message.hasPrefix("ClusterQueue ")
        else { return [] }
        let since = reserved.lastTransitionTime.map { " \(Age.since($0, now: facts.now))" } ?? ""
        let cq = queue.clusterQueueName.map { " in ClusterQueue \($0)" } ?? ""
        let short = queue.quotaRows.filter { !$0.fits }
        let numbers = short.map { row in
            row.flavor.map { "\(row.resource): the job needs \(row.requested), flavor \($0) has \(row.free) of \(row.nominal) free (\(row.used) in use)" }
                ?? "\(row.resource): the job needs \(row.requested), ClusterQueue \(queue.clusterQueueName ?? "") has no quota for it"
        }
        let position = queue.position.map { position in
            "; \(position.inLocalQueue) ahead of it in LocalQueue \(queue.queueName), \(position.inClusterQueue) in the ClusterQueue"
        } ?? ""
        let neverFits = reserved.message.contains("> maximum capacity") || short.contains { $0.requested > $0.nominal }
        if neverFits {
            return [Finding(
                rule: "exceeds-queue-quota", severity: .error,
                cause: "the job asks for more than ClusterQueue \(queue.clusterQueueName ?? "") could ever give it: Kueue: \"\(reserved.message)\""
                    + (numbers.isEmpty ? "" : " (\(numbers.joined(separator: "; ")))"),
                fix: "ask for less (fewer workers with --workers, or less per worker), or use a queue whose ClusterQueue has more nominal quota")]
        }
        guard reserved.message.contains("insufficient") else {
            return [Finding(
                rule: "queued", severity: .info,
                cause: "waiting\(since)\(cq): Kueue: \"\(reserved.message)\"\(position)",
                fix: "see the Workload: kubectl describe workload \(queue.workload.value?.name ?? "") -n \(facts.namespace)")]
        }
        return [Finding(
            rule: "waiting-for-quota", severity: .info,
            cause: "waiting\(since) for quota\(cq): Kueue: \"\(reserved.message)\""
                + (numbers.isEmpty ? "" : " (\(numbers.joined(separator: "; ")))") + position,
            fix: "nothing is wrong: it starts when running jobs in the ClusterQueue free that much; to start sooner ask for less (--workers, --gpus-per-worker) or use a queue with free quota")]
    }

    static let admitted: Rule = { facts in
        guard let queue = facts.queue, let workload = queue.workload.value, workload.state == .admitted,
            facts.phase != .running, facts.phase != .restarting, isOpen(facts)
        else { return [] }
        return [Finding(
            rule: "admitted", severity: .info,
            cause: "admitted by ClusterQueue \(workload.admittedClusterQueue ?? "?"): Kueue has let the job start and the operator is creating its pods",
            fix: "nothing to do")]
    }
}
