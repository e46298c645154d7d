import KubeClient
import MPIJobs
import TrainingJobs

/// One table for jobs of every kind: `NAMESPACE NAME KIND STATUS REPLICAS AGE` (NAMESPACE with
/// -A), `-o wide` adds each role's running/desired pods, GPUs asked, queue and run time.
enum JobsTableView {
    static func table(_ jobs: [TrainingJob], wide: Bool, withNamespace: Bool, now: Double) -> Table {
        var columns = ["NAME", "KIND", "STATUS", "REPLICAS", "AGE"]
        if withNamespace { columns.insert("NAMESPACE", at: 0) }
        if wide { columns += ["ROLES", "GPUS", "QUEUE", "DURATION"] }
        let rows = jobs.map { job -> [String] in
            var row = [job.name, job.kind.kind, job.phase.rawValue, "\(job.activePods)/\(job.desiredPods)",
                       Age.since(job.creationTimestamp, now: now)]
            if withNamespace { row.insert(job.namespace, at: 0) }
            if wide {
                let roles = job.replicas.map { "\($0.role) \($0.active)/\($0.desired)" }.joined(separator: ", ")
                row += [roles.isEmpty ? "-" : roles, String(job.totalGPUs), job.queueName ?? "-", job.duration(now: now)]
            }
            return row
        }
        return Table(columns: columns, rows: rows)
    }

    /// The table's order: namespace, then name, then kind (the order of `JobKinds.all`).
    static func sorted(_ jobs: [TrainingJob]) -> [TrainingJob] {
        let rank = Dictionary(uniqueKeysWithValues: JobKinds.all.enumerated().map { ($0.element.kind, $0.offset) })
        return jobs.sorted {
            ($0.namespace, $0.name, rank[$0.kind.kind] ?? 99) < ($1.namespace, $1.name, rank[$1.kind.kind] ?? 99)
        }
    }
}
