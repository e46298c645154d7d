import KubeClient
import MPIJobs

/// describe's Queue section: Kueue's view of the job (LocalQueue → ClusterQueue, the Workload's
/// state and conditions as a timeline, flavors, the pending message verbatim, the position, and
/// the ClusterQueue's used/nominal quota for what the job asks for).
struct QueueSectionView {
    var bold: (String) -> String
    var now: Double

    private static let width = 22

    private func line(_ name: String, _ value: String) -> String {
        let label = "  \(name):"
        return label + String(repeating: " ", count: max(1, Self.width - label.count)) + value + "\n"
    }

    func render(_ queue: QueueFacts) -> String {
        var out = bold("Queue:") + "\n"
        out += line("LocalQueue", localQueue(queue))
        if let name = queue.clusterQueueName, !name.isEmpty {
            out += line("ClusterQueue", clusterQueue(name, queue.clusterQueue))
        }
        switch queue.workload {
        case .missing:
            out += line("Workload", "<none: Kueue has not created one for this job>")
        case .unavailable(let reason):
            out += line("Workload", "<cannot read Workloads: \(reason)>")
        case .found(let workload):
            out += line("Workload", "\(workload.name) (\(state(workload)))")
            if workload.state == .pending, let reserved = workload.condition("QuotaReserved"), !reserved.isTrue,
                !reserved.message.isEmpty
            {
                out += line("Pending", reserved.message.replacingNewlines())
            }
            if let position = queue.position {
                out += line("Position", "\(position.inLocalQueue) ahead in LocalQueue \(workload.queueName), "
                            + "\(position.inClusterQueue) ahead in ClusterQueue \(queue.clusterQueueName ?? "?")")
            } else if let note = queue.positionNote {
                out += line("Position", "<unknown: \(note)>")
            }
            if let preemptor = queue.preemptor { out += line("Preempted By", preemptor) }
            let assignments = workload.podSetAssignments
            if !assignments.isEmpty {
                out += line("Flavors", assignments.map { assignment in
                    "\(assignment.name): " + Dictionary(grouping: assignment.flavors, by: \.flavor)
                        .sorted { $0.key < $1.key }
                        .map { "\($0.value.map(\.resource).joined(separator: ", ")) → \($0.key)" }
                        .joined(separator: "; ")
                }.joined(separator: "; "))
            }
        }
        out += quota(queue)
        if let workload = queue.workload.value {
            let conditions = workload.conditions.enumerated().sorted { a, b in
                let ta = a.element.lastTransitionTime.flatMap(Timestamp.parse) ?? 0
                let tb = b.element.lastTransitionTime.flatMap(Timestamp.parse) ?? 0
                return ta != tb ? ta < tb : a.offset < b.offset
            }.map(\.element)
            out += "  Workload Conditions:" + (conditions.isEmpty ? " <none>" : "") + "\n"
            if !conditions.isEmpty {
                out += indented(TablePrinter().render(Table(
                    columns: ["TYPE", "STATUS", "REASON", "AGE", "MESSAGE"],
                    rows: conditions.map { condition in
                        [condition.type, condition.status, condition.reason.isEmpty ? "-" : condition.reason,
                         condition.lastTransitionTime.map { Age.since($0, now: now) } ?? "-",
                         condition.message.isEmpty ? "-" : condition.message.replacingNewlines()]
                    })), by: 4)
            }
        }
        return out
    }

    private func localQueue(_ queue: QueueFacts) -> String {
        switch queue.localQueue {
        case .found(let local):
            var text = local.name
            if local.stopPolicy != "None" { text += " (stopped: \(local.stopPolicy))" }
            if let active = local.active, !active.isTrue { text += " (inactive: \(active.reason): \(active.message))" }
            return text
        case .missing:
            let others = queue.namespaceQueues.map { $0.isEmpty ? "; the namespace has none" : "; the namespace has: \($0.joined(separator: ", "))" } ?? ""
            return "\(queue.queueName) <not found\(others)>"
        case .unavailable(let reason):
            return "\(queue.queueName) <cannot read: \(reason)>"
        }
    }

    private func clusterQueue(_ name: String, _ lookup: Lookup<ClusterQueue>?) -> String {
        switch lookup {
        case .some(.found(let queue)):
            guard !queue.isActive else { return name }
            return "\(name) (inactive" + (queue.active.map { ": \($0.reason): \($0.message)" } ?? "") + ")"
        case .some(.missing):
            return "\(name) <not found>"
        case .some(.unavailable(let reason)):
            return "\(name) <cannot read: \(reason)>"
        case .none:
            return name
        }
    }

    private func state(_ workload: Workload) -> String {
        switch workload.state {
        case .pending:
            let evicted = workload.condition("Evicted").flatMap { $0.isTrue ? $0.reason : nil }
            return "pending" + (evicted.map { ", evicted: \($0)" } ?? "")
        case .quotaReserved: return "quota reserved, waiting for admission checks"
        case .admitted: return "admitted by ClusterQueue \(workload.admittedClusterQueue ?? "?")"
        case .inactive: return "inactive: spec.active=false"
        case .finished: return "finished" + (workload.condition("Finished").map { ": \($0.reason)" } ?? "")
        }
    }

    private func quota(_ queue: QueueFacts) -> String {
        if let problem = queue.quotaProblem { return line("Quota", "<\(problem)>") }
        guard !queue.quotaRows.isEmpty else { return "" }
        var out = "  Quota (ClusterQueue \(queue.clusterQueueName ?? "")):\n"
        out += indented(TablePrinter().render(Table(
            columns: ["RESOURCE", "FLAVOR", "JOB", "USED", "NOMINAL", "FREE"],
            rows: queue.quotaRows.map { row in
                guard let flavor = row.flavor else {
                    return [row.resource, "<not covered>", "\(row.requested)", "-", "0", "0"]
                }
                return [row.resource, flavor, "\(row.requested)", "\(row.used)", "\(row.nominal)", "\(row.free)"]
            })), by: 4)
        return out
    }

    private func indented(_ text: String, by spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n").map { pad + $0 + "\n" }.joined()
    }
}
