import KubeClient
import MPIJobs

/// `describe -o json|yaml`: the same facts as the text, as one document for scripts
/// (`jq '.diagnosis[].rule'`). The job is included as the server sent it, minus managedFields.
enum DescribeDocument {
    static let apiVersion = "kubectl-odh/v1alpha1"
    static let kind = "MPIJobDescription"

    static func document(_ description: JobDescription) -> JSON {
        let job = description.job
        let spec = description.spec
        return object([
            ("apiVersion", .string(apiVersion)),
            ("kind", .string(kind)),
            ("metadata", object([("name", .string(job.name)), ("namespace", .string(job.namespace))])),
            ("status", object([
                ("phase", .string(description.phase.rawValue)),
                ("failure", job.failureSummary.map(JSON.string) ?? .null),
            ])),
            ("summary", object([
                ("image", .string(spec.image)),
                ("launcherImage", spec.launcherImage.map(JSON.string) ?? .null),
                ("launcherCommand", .array(spec.launcherCommand.map(JSON.string))),
                ("workers", .int(spec.workers)),
                ("slotsPerWorker", .int(spec.slotsPerWorker)),
                ("gpus", object([
                    ("total", .int(spec.totalGPUs)),
                    ("perWorker", .int(spec.worker.gpus)),
                    ("launcher", .int(spec.launcher.gpus)),
                ])),
                ("workerResources", resources(spec.worker)),
                ("launcherResources", resources(spec.launcher)),
                ("mpiImplementation", .string(spec.mpiImplementation)),
                ("queue", spec.queue.map(JSON.string) ?? .null),
                ("runPolicy", object([
                    ("cleanPodPolicy", spec.cleanPodPolicy.map(JSON.string) ?? .null),
                    ("effectiveCleanPodPolicy", .string(spec.effectiveCleanPodPolicy)),
                    ("ttlSecondsAfterFinished", spec.ttlSecondsAfterFinished.map(JSON.int) ?? .null),
                    ("activeDeadlineSeconds", spec.activeDeadlineSeconds.map(JSON.int) ?? .null),
                    ("backoffLimit", spec.backoffLimit.map(JSON.int) ?? .null),
                    ("suspend", .bool(spec.suspend)),
                    ("managedBy", spec.managedBy.map(JSON.string) ?? .null),
                ])),
            ])),
            ("conditions", conditions(description.timeline)),
            ("queue", description.queue.map(QueueDocument.document) ?? .null),
            ("pods", .array(description.pods.map(pod))),
            ("events", description.eventsUnavailable == nil ? .array(description.events.map(event)) : .null),
            ("eventsUnavailable", description.eventsUnavailable.map(JSON.string) ?? .null),
            ("diagnosis", diagnosis(description.findings)),
            ("job", ObjectPrinter.clean(job.object)),
        ])
    }

    static func conditions(_ timeline: [JobCondition]) -> JSON {
        .array(timeline.map { condition in
            object([
                ("type", .string(condition.type)),
                ("status", .string(condition.status)),
                ("reason", .string(condition.reason)),
                ("message", .string(condition.message)),
                ("lastTransitionTime", condition.lastTransitionTime.map(JSON.string) ?? .null),
            ])
        })
    }

    static func diagnosis(_ findings: [Finding]) -> JSON {
        .array(findings.map { finding in
            object([
                ("rule", .string(finding.rule)),
                ("severity", .string(finding.severity.rawValue)),
                ("cause", .string(finding.cause)),
                ("fix", .string(finding.fix)),
            ])
        })
    }

    static func pod(_ pod: PodSummary) -> JSON {
        self.pod(pod, role: pod.role.rawValue, index: pod.index)
    }

    /// A pod whose role and index its job's kind read from the labels.
    static func pod(_ pod: PodSummary, role: String, index: Int?) -> JSON {
        object([
            ("name", .string(pod.name)),
            ("role", .string(role)),
            ("index", index.map(JSON.int) ?? .null),
            ("phase", .string(pod.phase)),
            ("ready", .string("\(pod.readyContainers)/\(pod.totalContainers)")),
            ("restarts", .int(pod.restarts)),
            ("node", pod.node.map(JSON.string) ?? .null),
            ("reason", pod.reason.map(JSON.string) ?? .null),
            ("exitCode", pod.exitCode.map(JSON.int) ?? .null),
            ("message", pod.message.map(JSON.string) ?? .null),
            ("istioSidecar", .bool(pod.hasIstioSidecar)),
        ])
    }

    static func event(_ event: JobEvent) -> JSON {
        object([
            ("type", .string(event.type)),
            ("reason", .string(event.reason)),
            ("message", .string(event.message)),
            ("object", object([("kind", .string(event.objectKind)), ("name", .string(event.objectName))])),
            ("source", .string(event.source)),
            ("count", .int(event.count)),
            ("firstTimestamp", event.firstSeen.map { .string(Timestamp.format($0)) } ?? .null),
            ("lastTimestamp", event.lastSeen.map { .string(Timestamp.format($0)) } ?? .null),
        ])
    }

    static func resources(_ resources: JobSpecSummary.Resources) -> JSON {
        object([
            ("cpu", resources.cpu.map(JSON.string) ?? .null),
            ("memory", resources.memory.map(JSON.string) ?? .null),
            ("gpus", .int(resources.gpus)),
        ])
    }

    static func object(_ pairs: [(String, JSON)]) -> JSON { .object(JSONObject(pairs)) }
}
