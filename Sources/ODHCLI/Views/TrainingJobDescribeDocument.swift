import KubeClient
import MPIJobs
import TrainingJobs

/// `jobs describe -o json|yaml`: the same facts as the text, one document (kind
/// `TrainingJobDescription`) per job; the job as the server sent it, minus managedFields.
enum TrainingJobDescribeDocument {
    static let kind = "TrainingJobDescription"

    static func document(_ description: TrainingJobDescription) -> JSON {
        let job = description.job
        let object = DescribeDocument.object
        return object([
            ("apiVersion", .string(DescribeDocument.apiVersion)),
            ("kind", .string(kind)),
            ("metadata", object([("name", .string(job.name)), ("namespace", .string(job.namespace))])),
            ("jobKind", .string(job.kind.kind)),
            ("jobAPIVersion", .string(job.kind.resource.apiVersion)),
            ("status", object([
                ("phase", .string(job.phase.rawValue)),
                ("failure", job.failureSummary.map(JSON.string) ?? .null),
            ])),
            ("replicas", .array(job.replicas.map { replica in
                object([("role", .string(replica.role)), ("desired", .int(replica.desired)),
                        ("running", .int(replica.active))])
            })),
            ("gpus", .int(job.totalGPUs)),
            ("queue", job.queueName.map(JSON.string) ?? .null),
            ("conditions", DescribeDocument.conditions(description.timeline)),
            ("pods", .array(description.pods.map { pod in
                DescribeDocument.pod(pod.summary, role: pod.role.role, index: pod.role.index)
            })),
            ("events", description.eventsUnavailable == nil ? .array(description.events.map(DescribeDocument.event)) : .null),
            ("eventsUnavailable", description.eventsUnavailable.map(JSON.string) ?? .null),
            ("diagnosis", job.kind.hasDiagnosis ? DescribeDocument.diagnosis(description.findings) : .null),
            ("job", ObjectPrinter.clean(job.object)),
        ])
    }
}
