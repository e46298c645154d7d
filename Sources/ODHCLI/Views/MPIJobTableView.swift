import KubeClient
import MPIJobs

/// The columns of `list`/`get` (DESIGN §3): what a person scans for, nothing more. With
/// Kueue's view (`queues`) STATUS tells Queued from Admitted and `-o wide` names the
/// ClusterQueue; without Kueue there is no such column.
enum MPIJobTableView {
    static func table(_ jobs: [MPIJob], wide: Bool, withNamespace: Bool, now: Double, queues: QueueIndex? = nil)
        -> Table
    {
        Table(columns: columns(wide: wide, withNamespace: withNamespace, clusterQueue: queues != nil),
              rows: jobs.map { job in
                  row(job, wide: wide, withNamespace: withNamespace, now: now, phase: queues?.phase(of: job),
                      clusterQueue: queues.map { $0.clusterQueue(for: job) ?? "-" })
              })
    }

    /// `clusterQueue`: the CLUSTERQUEUE column of `-o wide`, shown where Kueue is served.
    static func columns(wide: Bool, withNamespace: Bool, clusterQueue: Bool = false) -> [String] {
        var columns = ["NAME", "STATUS", "WORKERS", "AGE"]
        if withNamespace { columns.insert("NAMESPACE", at: 0) }
        if wide { columns += ["LAUNCHER", "GPUS", "QUEUE"] + (clusterQueue ? ["CLUSTERQUEUE"] : []) + ["IMAGE", "DURATION"] }
        return columns
    }

    /// One job's cells, in `columns` order: all a long list keeps of each job. `phase`: Kueue's
    /// view of a queued job, the job's own by default; `clusterQueue`: the cell, when that column
    /// is shown.
    static func row(_ job: MPIJob, wide: Bool, withNamespace: Bool, now: Double, phase: JobPhase? = nil,
                    clusterQueue: String? = nil) -> [String] {
        var row = [job.name, (phase ?? job.phase).rawValue, "\(job.readyWorkers)/\(job.desiredWorkers)",
                   Age.since(job.creationTimestamp, now: now)]
        if withNamespace { row.insert(job.namespace, at: 0) }
        if wide {
            row += [job.launcherState, String(job.totalGPUs), job.queueName ?? "-"]
            if let clusterQueue { row.append(clusterQueue) }
            row += [job.image.isEmpty ? "-" : job.image, job.duration(now: now)]
        }
        return row
    }
}
