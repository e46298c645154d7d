import KubeClient
import MPIJobs

/// The Queue section of `describe -o json|yaml`: the same facts as the text, for scripts
/// (`jq '.queue.position.inLocalQueue'`).
enum QueueDocument {
    static func document(_ queue: QueueFacts) -> JSON {
        let workload = queue.workload.value
        return object([
            ("localQueue", .string(queue.queueName)),
            ("localQueueStatus", lookup(queue.localQueue)),
            ("namespaceQueues", queue.namespaceQueues.map { .array($0.map(JSON.string)) } ?? .null),
            ("clusterQueue", queue.clusterQueueName.map(JSON.string) ?? .null),
            ("clusterQueueStatus", queue.clusterQueue.map(lookup) ?? .null),
            ("workload", workload.map { found in
                object([
                    ("name", .string(found.name)),
                    ("state", .string(found.state.rawValue)),
                    ("active", .bool(found.isActive)),
                    ("flavors", .array(found.podSetAssignments.map { assignment in
                        object([("podSet", .string(assignment.name)),
                                ("flavors", object(assignment.flavors.map { ($0.resource, .string($0.flavor)) }))])
                    })),
                    ("conditions", .array(found.conditions.map { condition in
                        object([
                            ("type", .string(condition.type)), ("status", .string(condition.status)),
                            ("reason", .string(condition.reason)), ("message", .string(condition.message)),
                            ("lastTransitionTime", condition.lastTransitionTime.map(JSON.string) ?? .null),
                        ])
                    })),
                ])
            } ?? .null),
            ("workloadStatus", lookup(queue.workload)),
            ("position", queue.position.map { position in
                object([("inLocalQueue", .int(position.inLocalQueue)), ("inClusterQueue", .int(position.inClusterQueue))])
            } ?? .null),
            ("positionNote", queue.positionNote.map(JSON.string) ?? .null),
            ("preemptedBy", queue.preemptor.map(JSON.string) ?? .null),
            ("quota", .array(queue.quotaRows.map { row in
                object([
                    ("resource", .string(row.resource)), ("flavor", row.flavor.map(JSON.string) ?? .null),
                    ("requested", row.requested.json), ("used", row.used.json), ("nominal", row.nominal.json),
                    ("free", row.free.json),
                ])
            })),
        ])
    }

    /// "found", "missing", or why it could not be read.
    private static func lookup<Value>(_ value: Lookup<Value>) -> JSON {
        switch value {
        case .found: return "found"
        case .missing: return "missing"
        case .unavailable(let reason): return .string("unavailable: \(reason)")
        }
    }

    private static func object(_ pairs: [(String, JSON)]) -> JSON { .object(JSONObject(pairs)) }
}
