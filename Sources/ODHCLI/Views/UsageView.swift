import KubeClient
import MPIJobs
import TrainingJobs

/// `usage`'s tables: who holds the GPUs (jobs, most first), each namespace's totals, and every
/// hard limit in view against what the training jobs ask for.
enum UsageView {
    static func render(_ report: UsageReport, showHeaders: Bool) -> String {
        var sections: [String] = []
        let printer = TablePrinter(showHeaders: showHeaders)
        if !report.jobs.isEmpty { sections.append("Jobs:\n" + indented(printer.render(jobs(report.jobs)))) }
        if !report.namespaces.isEmpty {
            sections.append("Namespaces:\n" + indented(printer.render(namespaces(report.namespaces))))
        }
        if !report.limits.isEmpty { sections.append("Limits:\n" + indented(printer.render(limits(report.limits)))) }
        return sections.joined(separator: "\n")
    }

    static let totalsColumns = ["GPUS", "CPU", "MEMORY", "PENDING GPUS", "PENDING CPU", "PENDING MEMORY"]

    static func totals(_ running: PodTotals, _ pending: PodTotals) -> [String] {
        [running.gpus, running.cpu, running.memory, pending.gpus, pending.cpu, pending.memory].map(\.description)
    }

    static func jobs(_ jobs: [JobUsage]) -> Table {
        Table(columns: ["NAMESPACE", "KIND", "NAME", "STATUS", "PODS"] + totalsColumns,
              rows: jobs.map { usage in
                  [usage.job.namespace, usage.job.kind.kind, usage.job.name, usage.job.phase.rawValue,
                   "\(usage.running.pods)/\(usage.running.pods + usage.pending.pods)"]
                      + totals(usage.running, usage.pending)
              })
    }

    static func namespaces(_ namespaces: [NamespaceUsage]) -> Table {
        Table(columns: ["NAMESPACE", "JOBS"] + totalsColumns,
              rows: namespaces.map { [$0.namespace, String($0.jobs)] + totals($0.running, $0.pending) })
    }

    static func limits(_ limits: [LimitUsage]) -> Table {
        Table(columns: ["NAMESPACE", "LIMIT", "RESOURCE", "REQUESTED", "USED", "HARD", "AVAILABLE"],
              rows: limits.map { limit in
                  [limit.namespaces.isEmpty ? "-" : limit.namespaces.joined(separator: ","),
                   "\(limit.source.rawValue.lowercased())/\(limit.name)", limit.resource, limit.requested.description,
                   limit.used?.description ?? "-", limit.hard.description, limit.available?.description ?? "-"]
              })
    }

    static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
            .map { "  " + $0 + "\n" }.joined()
    }
}

/// `usage -o json|yaml`: the same report for scripts (kind `UsageReport`). Quantities are
/// kept as Kubernetes writes them and also as plain numbers (`cpuMillis`, `memoryBytes`, `gpus`).
enum UsageDocument {
    static let kind = "UsageReport"

    static func document(_ report: UsageReport, namespace: String?, notVisible: [String]) -> JSON {
        let object = DescribeDocument.object
        return object([
            ("apiVersion", .string(DescribeDocument.apiVersion)),
            ("kind", .string(kind)),
            ("scope", object([("namespace", namespace.map(JSON.string) ?? .null),
                              ("allNamespaces", .bool(namespace == nil))])),
            ("jobs", .array(report.jobs.map { usage in
                object([
                    ("namespace", .string(usage.job.namespace)),
                    ("name", .string(usage.job.name)),
                    ("kind", .string(usage.job.kind.kind)),
                    ("apiVersion", .string(usage.job.kind.resource.apiVersion)),
                    ("status", .string(usage.job.phase.rawValue)),
                    ("queue", usage.job.queueName.map(JSON.string) ?? .null),
                    ("clusterQueue", usage.clusterQueue.map(JSON.string) ?? .null),
                    ("running", totals(usage.running)),
                    ("pending", totals(usage.pending)),
                ])
            })),
            ("namespaces", .array(report.namespaces.map { usage in
                object([("namespace", .string(usage.namespace)), ("jobs", .int(usage.jobs)),
                        ("running", totals(usage.running)), ("pending", totals(usage.pending))])
            })),
            ("limits", .array(report.limits.map { limit in
                object([
                    ("kind", .string(limit.source.rawValue)),
                    ("name", .string(limit.name)),
                    ("namespaces", .array(limit.namespaces.map(JSON.string))),
                    ("resource", .string(limit.resource)),
                    ("requested", limit.requested.json),
                    ("used", limit.used?.json ?? .null),
                    ("hard", limit.hard.json),
                    ("available", limit.available?.json ?? .null),
                ])
            })),
            ("notVisible", .array(notVisible.map(JSON.string))),
            ("notes", .array(report.notes.map(JSON.string))),
        ])
    }

    static func totals(_ totals: PodTotals) -> JSON {
        DescribeDocument.object([
            ("pods", .int(totals.pods)),
            ("gpus", .number(String(totals.gpus.value))),
            ("cpu", totals.cpu.json),
            ("cpuMillis", .number(String(totals.cpu.milliValue))),
            ("memory", totals.memory.json),
            ("memoryBytes", .number(String(totals.memory.value))),
        ])
    }
}
