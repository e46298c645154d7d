import KubeClient
import MPIJobs

/// The columns of `list`/`get` (DESIGN §3): what a person scans for, nothing more. With
/// Kueue's view (`queues`) STATUS tells Queued from Admitted and `-o wide` names the
/// ClusterQueue; without Kueue there is no such column.
enum MPIJobTableView {
    static func table(_ jobs: [MPIJob], wide: Bool, withNamespace: Bool, now: Double, queues: QueueIndex? = nil)
        -> Table
    {
        var columns = ["NAME", "STATUS", "WORKERS", "AGE"]
        if withNamespace { columns.insert("NAMESPACE", at: 0) }
        if wide { columns += ["LAUNCHER", "GPUS", "QUEUE"] + (queues == nil ? [] : ["CLUSTERQUEUE"]) + ["IMAGE", "DURATION"] }
        let rows = jobs.map { job -> [String] in
            let phase = queues?.phase(of: job) ?? job.phase
            var row = [job.name, phase.rawValue, "\(job.readyWorkers)/\(job.desiredWorkers)",
                       Age.since(job.creationTimestamp, now: now)]
            if withNamespace { row.insert(job.namespace, at: 0) }
            if wide {
                row += [job.launcherState, String(job.totalGPUs), job.queueName ?? "-"]
                if let queues { row.append(queues.clusterQueue(for: job) ?? "-") }
                row += [job.image.isEmpty ? "-" : job.image, job.duration(now: now)]
            }
            return row
        }
        return Table(columns: columns, rows: rows)
    }
}
