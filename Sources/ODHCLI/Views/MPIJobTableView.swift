import KubeClient
import MPIJobs

/// The columns of `list`/`get` (DESIGN §3): what a person scans for, nothing more.
enum MPIJobTableView {
    static func table(_ jobs: [MPIJob], wide: Bool, withNamespace: Bool, now: Double) -> Table {
        Table(columns: columns(wide: wide, withNamespace: withNamespace),
              rows: jobs.map { row($0, wide: wide, withNamespace: withNamespace, now: now) })
    }

    static func columns(wide: Bool, withNamespace: Bool) -> [String] {
        var columns = ["NAME", "STATUS", "WORKERS", "AGE"]
        if withNamespace { columns.insert("NAMESPACE", at: 0) }
        if wide { columns += ["LAUNCHER", "GPUS", "QUEUE", "IMAGE", "DURATION"] }
        return columns
    }

    /// One job's cells, in `columns` order: all a long list keeps of each job.
    static func row(_ job: MPIJob, wide: Bool, withNamespace: Bool, now: Double) -> [String] {
        var row = [job.name, job.phase.rawValue, "\(job.readyWorkers)/\(job.desiredWorkers)",
                   Age.since(job.creationTimestamp, now: now)]
        if withNamespace { row.insert(job.namespace, at: 0) }
        if wide {
            row += [job.launcherState, String(job.totalGPUs), job.queueName ?? "-",
                    job.image.isEmpty ? "-" : job.image, job.duration(now: now)]
        }
        return row
    }
}
