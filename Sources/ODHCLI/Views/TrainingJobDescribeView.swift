import KubeClient
import MPIJobs
import TrainingJobs

/// `jobs describe`'s text for a job of any kind: the same sections as `mpijob describe` where
/// they apply (conditions, pods, events, the kind's diagnosis), with replica roles instead of
/// the MPIJob spec summary.
extension DescribeView {
    func render(_ description: TrainingJobDescription) -> String {
        let job = description.job
        let now = description.now
        var out = fieldLine("Name", job.name)
        out += fieldLine("Namespace", job.namespace)
        out += fieldLine("Kind", "\(job.kind.kind) (\(job.kind.resource.apiVersion))")
        out += mapLines("Labels", job.labels)
        out += mapLines("Annotations",
                        job.annotations.filter { $0.key != "kubectl.kubernetes.io/last-applied-configuration" })
        let phase = job.phase
        var status = phase == .failed ? paint(phase.rawValue, .red) : phase.rawValue
        if let failure = job.failureSummary { status += " (\(failure))" }
        out += fieldLine("Status", status)
        out += fieldLine("Created", timeWithAge(job.creationTimestamp, now: now))
        if let started = job.startTime { out += fieldLine("Started", timeWithAge(started, now: now)) }
        if let completed = job.completionTime {
            out += fieldLine("Completed", "\(completed) (\(Age.since(completed, now: now)) ago, ran \(job.duration(now: now)))")
        }
        out += fieldLine("Queue", job.queueName.map { "\($0) (Kueue LocalQueue)" } ?? "<none>")
        out += fieldLine("GPUs", job.totalGPUs == 0 ? "none" : "\(job.totalGPUs) total")

        out += heading("Replicas")
        let replicas = job.replicas
        out += replicas.isEmpty ? "  <none>\n" : indented(TablePrinter().render(Table(
            columns: ["ROLE", "RUNNING", "DESIRED"],
            rows: replicas.map { [$0.role, String($0.active), String($0.desired)] })))

        out += conditionsSection(description.timeline, now: now)
        out += podsSection(description.pods.map { ($0.role.role, $0.role.index, $0.summary) })
        out += eventsSection(description.events, unavailable: description.eventsUnavailable, now: now)
        if job.kind.hasDiagnosis {
            out += diagnosisSection(description.findings, succeeded: phase == .succeeded)
        }
        return out
    }
}
