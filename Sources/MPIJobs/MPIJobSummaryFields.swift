import KubeClient

extension MPIJob {
    /// The fields a job's plain table row, its sort keys, `--status` and Kueue's view of it read:
    /// `name`, `namespace`, `creationTimestamp`, `uid` (its Workload's owner), `labels` (the queue),
    /// `spec.runPolicy` (suspend), each replica spec's `replicas`, and `status` (conditions,
    /// replica counts). A list parsed with it builds a third of each job's nodes; the pod
    /// templates, annotations and managedFields are checked and skipped. Whatever reads more
    /// (`-o wide`'s image and GPUs, `describe`, a document printer) parses the whole job.
    public static let summaryFields = JSONProjection.members([
        "apiVersion": .whole,
        "kind": .whole,
        "metadata": .members([
            "name": .whole, "namespace": .whole, "creationTimestamp": .whole, "uid": .whole, "labels": .whole,
        ], others: .skip),
        "spec": .members([
            "runPolicy": .whole,
            "mpiReplicaSpecs": .members([:], others: .members(["replicas": .whole], others: .skip)),
        ], others: .skip),
        "status": .whole,
    ], others: .skip)
}
