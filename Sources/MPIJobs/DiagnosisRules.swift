import KubeClient

/// The rules behind `describe`'s Diagnosis section. Each looks at the facts for one kind
/// of trouble and, when it sees it, says what it saw (pod, event text, exit code) and the fix.
enum DiagnosisRules {
    typealias Rule = @Sendable (DiagnosisFacts) -> [Finding]

    static let operatorName = "kubeflow.org/mpi-operator"
    static let multiKueue = "kueue.x-k8s.io/multikueue"
    static let pickUpGrace: Double = 60

    /// In order of how fundamental the problem is: a job the operator never runs comes
    /// before what its pods did.
    static let all: [Rule] = [
        managedElsewhere, validationError, neverPickedUp, resourceConflict, podsRefused,
        oomKilled, imagePull, unschedulable, istioSidecar,
        launcherFailedWorkersNotReady, launcherError, workerError, deadlineExceeded, evicted,
        queued, suspended, workersLeftRunning,
    ]

    // MARK: The operator does not run the job

    static let managedElsewhere: Rule = { facts in
        guard let managedBy = JobSpecSummary(facts.job).managedBy, !managedBy.isEmpty, managedBy != operatorName
        else { return [] }
        if managedBy == multiKueue {
            return [Finding(
                rule: "managed-by-multikueue", severity: .info,
                cause: "runPolicy.managedBy is \"\(multiKueue)\": MultiKueue runs this job on a worker cluster and copies its status back; the mpi-operator here ignores it, so this cluster has no pods or logs for it",
                fix: "look at the job on the worker cluster MultiKueue chose (kubectl get workloads -n \(facts.namespace) shows it)")]
        }
        return [Finding(
            rule: "managed-by-other", severity: .error,
            cause: "runPolicy.managedBy is \"\(managedBy)\": the mpi-operator silently skips jobs not managed by \(operatorName) (no condition, no event)",
            fix: "delete the job and create it again without spec.runPolicy.managedBy (or with \(operatorName))")]
    }

    static let validationError: Rule = { facts in
        facts.warnings(reason: "ValidationError").filter { $0.objectKind == MPIJob.kind }.prefix(1).map { event in
            Finding(
                rule: "validation-error", severity: .error,
                cause: "the mpi-operator rejected the spec and will not run the job: \(cite(event.message))",
                fix: "fix the spec and recreate the job: kubectl odh mpijob delete \(facts.name) -n \(facts.namespace), then create it again (kubectl odh mpijob create checks these rules before sending)")
        }
    }

    static let neverPickedUp: Rule = { facts in
        let job = facts.job
        guard job.conditions.isEmpty, facts.pods.isEmpty, facts.age >= pickUpGrace,
            !facts.events.contains(where: { $0.source == "mpi-job-controller" || $0.reason == "ValidationError" })
        else { return [] }
        if let managedBy = JobSpecSummary(job).managedBy, !managedBy.isEmpty, managedBy != operatorName { return [] }
        return [Finding(
            rule: "never-picked-up", severity: .error,
            cause: "no conditions, pods or operator events \(Age.human(seconds: facts.age)) after creation: the mpi-operator has not picked the job up",
            fix: "check that the mpi-operator is running and watches namespace \"\(facts.namespace)\": kubectl get deploy -n mpi-operator (or -n kubeflow), then kubectl logs -n mpi-operator deploy/mpi-operator")]
    }

    static let resourceConflict: Rule = { facts in
        facts.warnings(reason: "ErrResourceExists").prefix(1).map { event in
            Finding(
                rule: "resource-exists", severity: .error,
                cause: "the mpi-operator cannot create one of the job's objects: \(cite(event.message))",
                fix: "delete the conflicting object (it is not owned by this MPIJob) or give the job another name")
        }
    }

    // MARK: What the pods did

    static let oomKilled: Rule = { facts in
        var findings: [Finding] = []
        let spec = JobSpecSummary(facts.job)
        var explained = Set<String>()
        for role in [PodSummary.Role.worker, .launcher] {
            var hits: [(pod: PodSummary, container: ContainerSummary, current: Bool)] = []
            for pod in facts.pods where pod.role == role {
                for container in pod.containers + pod.initContainers {
                    if container.termination?.reason == "OOMKilled" {
                        hits.append((pod, container, true))
                    } else if container.lastTermination?.reason == "OOMKilled" {
                        hits.append((pod, container, false))
                    }
                }
            }
            guard let first = hits.first else { continue }
            explained.formUnion(hits.map(\.pod.name))
            let names = hits.map(\.pod.name)
            let limit = first.container.memoryLimit ?? (role == .worker ? spec.worker.memory : spec.launcher.memory)
            let exit = (first.current ? first.container.termination : first.container.lastTermination)?.exitCode ?? 137
            let restarted = hits.contains { !$0.current } ? " (and restarted)" : ""
            let subject = hits.count == 1 ? "\(role.rawValue) pod \(names[0])" : "\(role.rawValue) pods \(names.humanList())"
            let cause = "\(subject) ran out of memory: container \(first.container.name) was OOMKilled, exit code \(exit)\(restarted)"
                + (limit.map { ", memory limit \($0)" } ?? ", no memory limit set (the node ran out)")
            let template = role == .worker ? "Worker" : "Launcher"
            let flag = role == .worker ? "--memory" : "--launcher-memory"
            findings.append(Finding(
                rule: "oom-killed", severity: .error, cause: cause,
                fix: "raise the memory limit: spec.mpiReplicaSpecs.\(template).template.spec.containers[0].resources.limits.memory"
                    + (limit.map { " (now \($0))" } ?? "")
                    + " — with kubectl odh mpijob create: \(flag) <more>; or use less memory per rank (smaller batch, fewer slots per worker)"))
        }
        // The kubelet's OOMKilling event outlives the pod it was about.
        for event in facts.warnings(reason: "OOMKilling") where !explained.contains(event.objectName) {
            explained.insert(event.objectName)
            let isWorker = event.objectName.hasPrefix(facts.name + "-worker-")
            let limit = isWorker ? spec.worker.memory : spec.launcher.memory
            let template = isWorker ? "Worker" : "Launcher"
            findings.append(Finding(
                rule: "oom-killed", severity: .error,
                cause: "\(isWorker ? "worker" : "launcher") pod \(event.objectName) ran out of memory; the kubelet reported: \(cite(event.message))"
                    + (limit.map { " (memory limit \($0))" } ?? ""),
                fix: "raise the memory limit: spec.mpiReplicaSpecs.\(template).template.spec.containers[0].resources.limits.memory"
                    + (limit.map { " (now \($0))" } ?? "")
                    + " — with kubectl odh mpijob create: \(isWorker ? "--memory" : "--launcher-memory") <more>"))
        }
        return findings
    }

    static let pullFailures: Set<String> = [
        "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull", "RegistryUnavailable",
    ]

    static let imagePull: Rule = { facts in
        // Group by image: one finding per image that does not pull.
        var byImage: [(image: String, reason: String, pods: [String], roles: Set<PodSummary.Role>)] = []
        for pod in facts.pods {
            for container in pod.initContainers + pod.containers {
                guard let reason = container.waitingReason, pullFailures.contains(reason) else { continue }
                if let i = byImage.firstIndex(where: { $0.image == container.image }) {
                    if !byImage[i].pods.contains(pod.name) { byImage[i].pods.append(pod.name) }
                    byImage[i].roles.insert(pod.role)
                } else {
                    byImage.append((container.image, reason, [pod.name], [pod.role]))
                }
            }
        }
        return byImage.map { entry in
            // The kubelet's "Failed to pull image" event says why (auth, not found, DNS).
            let evidence = facts.events.last {
                $0.isWarning && $0.message.hasPrefix("Failed to pull image \"\(entry.image)\"")
                    && entry.pods.contains($0.objectName)
            } ?? facts.events.last { $0.isWarning && $0.message.hasPrefix("Failed to pull image \"\(entry.image)\"") }
            let subject = entry.pods.count == 1 ? "pod \(entry.pods[0])" : "pods \(entry.pods.humanList())"
            var cause = "\(subject) cannot pull image \"\(entry.image)\" (\(entry.reason))"
            if let evidence { cause += ": \(cite(evidence.message))" }
            let templates = templatesOf(entry.roles)
            let fix = entry.reason == "InvalidImageName"
                ? "fix the image reference \"\(entry.image)\" in \(templates) (registry/name:tag) and recreate the job"
                : "check that the image name and tag exist (e.g. skopeo inspect docker://\(entry.image)) and that the namespace may pull from its registry: add imagePullSecrets to \(templates), or link the pull secret to the service account"
            return Finding(rule: "image-pull", severity: .error, cause: cause, fix: fix)
        }
    }

    /// `3 Insufficient nvidia.com/gpu, 2 Insufficient memory` → ["nvidia.com/gpu", "memory"].
    static func insufficientResources(_ message: String) -> [String] {
        var found: [String] = []
        var rest = Substring(message)
        while let range = rest.firstRange(of: "Insufficient ") {
            let after = rest[range.upperBound...]
            let token = after.prefix { $0 != "," && $0 != " " && $0 != "\n" }
            var name = String(token)
            while name.hasSuffix(".") { name.removeLast() }
            if !name.isEmpty && !found.contains(name) { found.append(name) }
            rest = after
        }
        return found
    }

    static let unschedulable: Rule = { facts in
        var pods: [String] = []
        var message: String?
        var count = 0
        for pod in facts.pods where pod.phase == "Pending" {
            if let text = pod.unschedulableMessage {
                pods.append(pod.name)
                message = message ?? text
            }
        }
        let scheduling = facts.warnings(reason: "FailedScheduling")
        for event in scheduling {
            count += event.count
            if !pods.contains(event.objectName), facts.pods.contains(where: { $0.name == event.objectName && $0.phase == "Pending" }) {
                pods.append(event.objectName)
            }
        }
        if let latest = scheduling.last?.message { message = latest }
        guard let message, !pods.isEmpty else { return [] }
        // The preemption half of the message repeats the first half.
        let shown = message.firstRange(of: " preemption:").map { String(message[..<$0.lowerBound]) } ?? message
        let spec = JobSpecSummary(facts.job)
        let resources = insufficientResources(message)
        let subject = pods.count == 1 ? "pod \(pods[0]) cannot be scheduled" : "\(pods.count) pods cannot be scheduled (\(pods.humanList()))"
        var cause = "\(subject): \(cite(shown))"
        if count > 1 { cause += " (FailedScheduling x\(count))" }
        let fix: String
        if resources.contains(MPIJob.gpuResource) {
            cause += "; the job asks for \(spec.totalGPUs) \(MPIJob.gpuResource) (\(spec.worker.gpus) per worker × \(spec.workers))"
            fix = "ask for fewer GPUs — fewer workers (--workers) or fewer GPUs per worker (--gpus-per-worker) — or submit through a Kueue queue (--queue NAME) so the job waits for free GPUs instead of holding pods"
        } else if !resources.isEmpty {
            let asked = [spec.worker.cpu.map { "cpu \($0)" }, spec.worker.memory.map { "memory \($0)" }].compactMap { $0 }
            if !asked.isEmpty { cause += "; each worker asks for \(asked.joined(separator: ", "))" }
            fix = "no node has \(resources.joined(separator: " and ")) free for a pod this size: lower the requests (--cpu / --memory), run fewer workers, or submit through a Kueue queue (--queue NAME) to wait for capacity"
        } else {
            fix = "check the pod templates' nodeSelector, tolerations and affinity against the nodes (kubectl get nodes --show-labels)"
        }
        return [Finding(rule: "unschedulable", severity: .error, cause: cause, fix: fix)]
    }

    /// The pod templates the pods of these roles come from, for a fix that names only those.
    static func templatesOf(_ roles: Set<PodSummary.Role>) -> String {
        switch (roles.contains(.launcher), roles.contains(.worker)) {
        case (true, false): return "the Launcher pod template (spec.mpiReplicaSpecs.Launcher.template)"
        case (false, true): return "the Worker pod template (spec.mpiReplicaSpecs.Worker.template)"
        default: return "both pod templates (spec.mpiReplicaSpecs.Launcher and .Worker)"
        }
    }

    static let istioSidecar: Rule = { facts in
        let sidecars = facts.pods.filter(\.hasIstioSidecar)
        let pods = sidecars.map(\.name)
        guard !pods.isEmpty else { return [] }
        let subject = pods.count == 1 ? "pod \(pods[0]) has" : "pods \(pods.humanList()) have"
        return [Finding(
            rule: "istio-sidecar", severity: .warning,
            cause: "\(subject) an injected Istio sidecar (\(PodSummary.istioContainer)): it keeps running after MPI ends, so pods never complete, and it can intercept the launcher's SSH to the workers",
            fix: "set the annotation sidecar.istio.io/inject: \"false\" in \(templatesOf(Set(sidecars.map(\.role)))) (template.metadata.annotations) and recreate the job; kubectl odh mpijob create sets it on both")]
    }

    // MARK: How the launcher and workers ended

    static func launcherFailed(_ facts: DiagnosisFacts) -> Bool {
        if facts.phase == .failed { return true }
        if facts.job.replicaStatus("Launcher").failed > 0 { return true }
        return facts.launchers.contains { pod in
            pod.phase == "Failed" || pod.mainContainer?.termination?.isFailure == true
        }
    }

    static let launcherFailedWorkersNotReady: Rule = { facts in
        guard launcherFailed(facts) else { return [] }
        let desired = facts.job.desiredWorkers
        let workers = facts.workers
        let failedCondition = facts.job.condition("Failed")
        let how = failedCondition.map { $0.reason.isEmpty ? "Failed" : $0.reason } ?? "failed"
        if workers.isEmpty {
            // Without pods, the conditions tell: Running=True needs every worker running.
            guard desired > 0, facts.phase == .failed, facts.job.condition("Running") == nil else { return [] }
            return [Finding(
                rule: "launcher-failed-workers-not-ready", severity: .error,
                cause: "the launcher failed (\(how)) and the job never reached Running: none of its \(desired) workers ever ran (their pods are gone now)",
                fix: "find out why the workers could not start (events above); spec.launcherCreationPolicy: WaitForWorkersReady starts the launcher only once every worker is ready")]
        }
        let notReady = workers.filter { !$0.isReady && !$0.isFinished }
        guard notReady.count == workers.count else { return [] }
        let states = notReady.map { "\($0.name) \($0.phase)\($0.reason.map { ": \($0)" } ?? "")" }
        return [Finding(
            rule: "launcher-failed-workers-not-ready", severity: .error,
            cause: "the launcher failed (\(how)) while the workers never became ready (\(states.humanList())): mpirun cannot reach workers that are not running",
            fix: "make the workers start first (see the other findings for why they do not); spec.launcherCreationPolicy: WaitForWorkersReady starts the launcher only once every worker is ready")]
    }

    static func anyOOM(_ facts: DiagnosisFacts) -> Bool {
        facts.pods.contains { pod in
            pod.containers.contains { $0.termination?.reason == "OOMKilled" || $0.lastTermination?.reason == "OOMKilled" }
        } || !facts.warnings(reason: "OOMKilling").isEmpty
    }

    /// A main container that crashed: exited non-zero now, or before a restart, or looping.
    static func crash(_ pod: PodSummary) -> (text: String, code: Int?)? {
        guard let main = pod.mainContainer else { return nil }
        let restarts = main.restartCount > 0 ? ", restarted \(main.restartCount) time\(main.restartCount == 1 ? "" : "s")" : ""
        if let termination = main.termination, termination.isFailure {
            let message = termination.message.isEmpty ? "" : ": \(cite(termination.message))"
            return ("exited with code \(termination.exitCode) (\(termination.reason.isEmpty ? "Error" : termination.reason)\(signalNote(termination.exitCode)))\(restarts)\(message)",
                    termination.exitCode)
        }
        if main.waitingReason == "CrashLoopBackOff" {
            let last = main.lastTermination.map { " after exiting with code \($0.exitCode) (\($0.reason.isEmpty ? "Error" : $0.reason))" } ?? ""
            return ("is in CrashLoopBackOff\(last)\(restarts)", main.lastTermination?.exitCode)
        }
        if let last = main.lastTermination, last.isFailure {
            return ("exited with code \(last.exitCode) (\(last.reason.isEmpty ? "Error" : last.reason)) and was restarted (\(main.restartCount) restart\(main.restartCount == 1 ? "" : "s"))",
                    last.exitCode)
        }
        return nil
    }

    /// Exit codes above 128 are "killed by signal N": say which, it often explains the end.
    static func signalNote(_ code: Int) -> String {
        switch code {
        case 137: return "; 137 = killed by SIGKILL, e.g. out of memory or a deadline"
        case 143: return "; 143 = stopped by SIGTERM"
        case 139: return "; 139 = segmentation fault"
        default: return ""
        }
    }

    static let launcherError: Rule = { facts in
        // A worker that ran out of memory takes mpirun down with it: that finding says why.
        guard !anyOOM(facts) else { return [] }
        let crashed = facts.launchers.compactMap { pod in crash(pod).map { (pod, $0.text) } }
        let severity: Finding.Severity = facts.phase == .running || facts.phase == .restarting ? .warning : .error
        if let (pod, text) = crashed.last {
            // After a failed attempt the Job controller starts a new launcher pod.
            let newer = facts.launchers.last { $0.name != pod.name && !$0.isFinished && crash($0) == nil }
            let logs = newer == nil
                ? "kubectl odh mpijob logs \(facts.name) -n \(facts.namespace)" + (pod.restarts > 0 ? " (--previous for the attempt that crashed)" : "")
                : "kubectl logs \(pod.name) -n \(facts.namespace) (the failed attempt)"
            return [Finding(
                rule: "launcher-error", severity: severity,
                cause: "launcher pod \(pod.name) \(text)" + (newer.map { "; the Job started a new attempt, \($0.name) (\($0.phase))" } ?? ""),
                fix: "read what mpirun printed: \(logs); a launcher that fails at once usually runs a wrong command or cannot reach the workers over SSH")]
        }
        // The pods may be gone (the Job controller deletes failed attempts): the events remain.
        guard facts.phase == .failed, let failed = facts.job.condition("Failed"),
            failed.reason.hasPrefix("BackoffLimitExceeded"), facts.launchers.isEmpty
        else { return [] }
        let backoffs = facts.events.filter { $0.reason == "BackOff" && $0.message.contains("restarting failed container") }
        let evidence = backoffs.last.map { "; \($0.objectReference): \(cite($0.message))" } ?? ""
        // Its log went with its pod: say so, and what would have kept it, never a read that cannot work.
        let removal = PodRemoval.explain(job: facts.job, launcher: true, now: facts.now)
        return [Finding(
            rule: "launcher-error", severity: .error,
            cause: "the launcher kept failing until its Job hit the backoff limit (\(failed.reason): \(failed.message))\(evidence);"
                + " its log is gone: \(removal.cause)",
            fix: (removal.hint.map { "next time, \($0); " } ?? "") + "set runPolicy.backoffLimit to retry more or less")]
    }

    static let workerError: Rule = { facts in
        let crashed = facts.workers.compactMap { pod -> (PodSummary, String)? in
            guard let main = pod.mainContainer,
                main.termination?.reason != "OOMKilled", main.lastTermination?.reason != "OOMKilled",
                let result = crash(pod)
            else { return nil }
            return (pod, result.text)
        }
        guard let (first, text) = crashed.first else { return [] }
        let others = crashed.count > 1 ? " (and \(crashed.count - 1) more worker\(crashed.count == 2 ? "" : "s"))" : ""
        return [Finding(
            rule: "worker-error", severity: .error,
            cause: "worker pod \(first.name) \(text)\(others)",
            fix: "read its output: kubectl odh mpijob logs \(facts.name) -n \(facts.namespace) --worker \(first.index ?? 0)"
                + (first.restarts > 0 ? " --previous" : "")
                + "; workers normally run sshd only, so a crash points at the image or the worker command")]
    }

    static let deadlineExceeded: Rule = { facts in
        guard let failed = facts.job.condition("Failed"), failed.isTrue, failed.reason.hasPrefix("DeadlineExceeded")
        else { return [] }
        let limit = JobSpecSummary(facts.job).activeDeadlineSeconds.map { " (\(Age.human(seconds: Double($0))))" } ?? ""
        return [Finding(
            rule: "deadline-exceeded", severity: .error,
            cause: "the job ran longer than runPolicy.activeDeadlineSeconds\(limit) and was stopped: \(cite(failed.message))",
            fix: "raise spec.runPolicy.activeDeadlineSeconds (kubectl odh mpijob create --active-deadline) or make the job finish sooner")]
    }

    static let evicted: Rule = { facts in
        let pods = facts.pods.filter { $0.reason == "Evicted" }
        let condition = facts.job.condition("Failed").flatMap { $0.isTrue && $0.reason == "MPIJobEvicted" ? $0 : nil }
        guard !pods.isEmpty || condition != nil else { return [] }
        let evidence = pods.first.map { "pod \($0.name) was evicted" + ($0.message.map { ": \(cite($0))" } ?? "") }
            ?? "Failed: MPIJobEvicted: \(cite(condition?.message ?? ""))"
        return [Finding(
            rule: "evicted", severity: .error, cause: evidence,
            fix: "the node ran short of what the pod used beyond its requests: request what the job really uses (--memory / --cpu, requests equal to limits) and recreate the job")]
    }

    // MARK: Waiting on purpose

    static let queued: Rule = { facts in
        guard let queue = facts.job.queueName, !facts.phase.isFinished else { return [] }
        if facts.job.isSuspended {
            let waiting = facts.job.condition("Suspended")?.lastTransitionTime.map { " \(Age.since($0, now: facts.now))" } ?? ""
            return [Finding(
                rule: "queued", severity: .info,
                cause: "waiting\(waiting) for admission in Kueue LocalQueue \"\(queue)\": Kueue keeps the job suspended until the queue's quota fits it",
                fix: "see the queue and the job's Workload: kubectl get localqueue \(queue) -n \(facts.namespace); kubectl get workloads -n \(facts.namespace) (do not set suspend=false yourself: Kueue re-suspends jobs it has not admitted)")]
        }
        guard facts.job.condition("Suspended")?.reason == "MPIJobResumed" else { return [] }
        return [Finding(
            rule: "admitted", severity: .info,
            cause: "admitted by Kueue LocalQueue \"\(queue)\" (no longer suspended)",
            fix: "nothing to do; kubectl get workloads -n \(facts.namespace) shows the admission")]
    }

    static let suspended: Rule = { facts in
        guard facts.job.isSuspended, facts.job.queueName == nil, !facts.phase.isFinished else { return [] }
        let since = facts.job.condition("Suspended")?.lastTransitionTime.map { " (since \(Age.since($0, now: facts.now)) ago)" } ?? ""
        return [Finding(
            rule: "suspended", severity: .warning,
            cause: "runPolicy.suspend is true\(since): the operator keeps no pods and runs nothing until the job is resumed",
            fix: "resume it: kubectl odh mpijob resume \(facts.name) -n \(facts.namespace), or with kubectl: kubectl patch mpijob \(facts.name) -n \(facts.namespace) --type merge -p '{\"spec\":{\"runPolicy\":{\"suspend\":false}}}'")]
    }

    // MARK: After the end

    static let workersLeftRunning: Rule = { facts in
        let spec = JobSpecSummary(facts.job)
        guard facts.phase.isFinished, spec.effectiveCleanPodPolicy == "None" else { return [] }
        let running = facts.workers.filter { $0.isRunning && $0.deletionTimestamp == nil }
        guard !running.isEmpty else { return [] }
        let policy = spec.cleanPodPolicy == nil ? "not set (the operator's default is None)" : "None"
        let gpus = spec.worker.gpus * running.count
        return [Finding(
            rule: "workers-left-running", severity: .warning,
            cause: "the job \(facts.phase.rawValue.lowercased()) but runPolicy.cleanPodPolicy is \(policy): workers \(running.map(\.name).humanList()) are still Running and hold their resources"
                + (gpus > 0 ? " (\(gpus) GPUs)" : ""),
            fix: "delete them: kubectl delete pods -n \(facts.namespace) -l \(JobPods.selector(job: facts.name, role: "worker")); next time set runPolicy.cleanPodPolicy: Running (kubectl odh mpijob create writes it)")]
    }

    /// A failure no rule explained still gets its reason and where to look (run last,
    /// only when no error was found).
    static let failedOtherwise: Rule = { facts in
        guard facts.phase == .failed else { return [] }
        let summary = facts.job.failureSummary.map { ": \($0)" } ?? ""
        guard facts.launchers.isEmpty else {
            return [Finding(
                rule: "failed", severity: .error,
                cause: "the job failed\(summary)",
                fix: "read the launcher's output: kubectl odh mpijob logs \(facts.name) -n \(facts.namespace)")]
        }
        let removal = PodRemoval.explain(job: facts.job, launcher: true, now: facts.now)
        return [Finding(
            rule: "failed", severity: .error,
            cause: "the job failed\(summary); the launcher has no pod any more: \(removal.cause)",
            fix: removal.hint ?? "the events above are what is left of the launcher; read them for the reason")]
    }
}
