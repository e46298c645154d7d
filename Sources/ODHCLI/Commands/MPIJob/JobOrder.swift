import KubeClient
import MPIJobs

/// `list --sort-by`: the order of the rows (without it, the server's order: namespace, name).
enum JobOrder: String, CaseIterable {
    case name, age, status

    /// What the orders compare, taken from a job as it arrives (the job itself is not kept).
    struct Key {
        var name: String
        var namespace: String
        var created: Double
        var phaseRank: Int

        init(_ job: MPIJob) {
            name = job.name
            namespace = job.namespace
            created = Timestamp.parse(job.creationTimestamp ?? "") ?? 0
            phaseRank = JobPhase.allCases.firstIndex(of: job.phase) ?? 0
        }
    }

    func precedes(_ a: Key, _ b: Key) -> Bool {
        switch self {
        case .name:
            return (a.name, a.namespace) < (b.name, b.namespace)
        case .age:
            // Oldest first, like `kubectl get --sort-by=.metadata.creationTimestamp`.
            return (a.created, a.name) < (b.created, b.name)
        case .status:
            return a.phaseRank == b.phaseRank ? a.name < b.name : a.phaseRank < b.phaseRank
        }
    }

    /// Positions of `keys` in this order; equal keys keep their arrival order.
    func permutation(_ keys: [Key]) -> [Int] {
        keys.indices.sorted { precedes(keys[$0], keys[$1]) || (!precedes(keys[$1], keys[$0]) && $0 < $1) }
    }

    func sorted(_ jobs: [MPIJob]) -> [MPIJob] {
        permutation(jobs.map(Key.init)).map { jobs[$0] }
    }
}
