import KubeClient

/// Quoting a message that may itself hold quotes (`Failed to pull image "x": ...`): wrapping it
/// in double quotes again would make `"Failed to pull image "x": ..."`, which reads as three
/// strings. Such a message is set off with single quotes, or shown bare when it has both kinds.
func cite(_ message: String) -> String {
    if !message.contains("\"") { return "\"\(message)\"" }
    if !message.contains("'") { return "'\(message)'" }
    return message
}

/// Pods the API server refuses (ResourceQuota admission): the operator logs a Warning
/// `MPIJobFailed` for a worker, the Job controller a `FailedCreate` for the launcher, and the
/// job sits with no pods, looking healthy unless somebody reads the events.
extension DiagnosisRules {
    static let podsRefused: Rule = { facts in
        guard !facts.phase.isFinished else { return [] }
        let refusals = facts.events.filter { event in
            event.isWarning && (event.reason == "MPIJobFailed" || event.reason == "FailedCreate")
                && event.message.contains(" is forbidden: ")
        }
        guard let latest = refusals.last, let cut = latest.message.firstRange(of: " is forbidden: ") else { return [] }
        let why = String(latest.message[cut.upperBound...])
        let role = latest.objectKind == "Job" || latest.message.contains("launcher pod") ? "launcher" : "worker"
        let attempts = refusals.reduce(0) { $0 + max(1, $1.count) }
        let cause = "the API server refuses the job's \(role) pods, so the job cannot start: \(cite(why))"
            + " (\(latest.objectReference), \(latest.reason)" + (attempts > 1 ? " ×\(attempts))" : ")")
        let fix: String
        if why.contains("must specify") {
            let flags = role == "launcher" ? "--launcher-cpu and --launcher-memory" : "--cpu and --memory"
            let template = role == "launcher" ? "Launcher" : "Worker"
            fix = "the namespace's ResourceQuota makes every container state its cpu and memory: delete the job and"
                + " create it again with them set (kubectl odh mpijob create: \(flags); in a manifest:"
                + " resources.requests in every container of the \(template) template), or have a LimitRange"
                + " in namespace \(facts.namespace) give defaults"
        } else if why.contains("exceeded quota") {
            fix = "the namespace's ResourceQuota has no room for these pods: wait for other jobs to finish, ask for"
                + " fewer workers or resources, or submit through a Kueue queue (--queue) so the job waits for quota"
                + " without pods"
        } else {
            fix = "an admission policy refuses the pods: read the message above and change the pod templates to"
                + " satisfy it, then recreate the job"
        }
        return [Finding(rule: "pods-refused", severity: .error, cause: cause, fix: fix)]
    }
}
