import KubeClient
import MPIJobs

/// `describe`'s text: kubectl-describe sections from a `JobDescription`. It knows nothing
/// about commands or terminals; `color` only decides whether escape codes are added.
struct DescribeView {
    var color: Bool
    /// Events beyond this many (the oldest) are summarized in one line.
    var eventLimit = 40

    enum Style: String {
        case bold = "1"
        case red = "31"
        case yellow = "33"
        case cyan = "36"
    }

    func paint(_ text: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    func render(_ description: JobDescription) -> String {
        var out = ""
        let job = description.job
        let now = description.now
        func field(_ name: String, _ value: String, indent: Int = 0, width: Int = 14) {
            out += fieldLine(name, value, indent: indent, width: width)
        }
        func map(_ name: String, _ values: [String: String]) { out += mapLines(name, values) }

        field("Name", job.name)
        field("Namespace", job.namespace)
        map("Labels", job.labels)
        // kubectl hides the last-applied blob: it repeats the spec and drowns the rest.
        map("Annotations", job.annotations.filter { $0.key != "kubectl.kubernetes.io/last-applied-configuration" })
        field("Status", statusLine(job, phase: description.phase))
        field("Created", timeWithAge(job.creationTimestamp, now: now))
        if let started = job.startTime { field("Started", timeWithAge(started, now: now)) }
        if let completed = job.completionTime {
            field("Completed", "\(completed) (\(Age.since(completed, now: now)) ago, ran \(job.duration(now: now)))")
        }
        if let deleting = job.deletionTimestamp { field("Deleting", timeWithAge(deleting, now: now)) }

        out += heading("Spec")
        let spec = description.spec
        let specWidth = 22
        field("Image", spec.image.isEmpty ? "<none>" : spec.image, indent: 2, width: specWidth)
        if let image = spec.launcherImage { field("Launcher Image", image, indent: 2, width: specWidth) }
        if !spec.launcherCommand.isEmpty {
            field("Launcher Command", spec.launcherCommand.joined(separator: " "), indent: 2, width: specWidth)
        }
        field("Workers", "\(spec.workers) × \(spec.slotsPerWorker) slot\(spec.slotsPerWorker == 1 ? "" : "s")"
              + " (\(spec.workers * spec.slotsPerWorker) ranks)", indent: 2, width: specWidth)
        field("GPUs", spec.totalGPUs == 0 ? "none"
              : "\(spec.totalGPUs) total (\(spec.worker.gpus) per worker"
                + (spec.launcher.gpus > 0 ? ", \(spec.launcher.gpus) on the launcher" : "") + ")",
              indent: 2, width: specWidth)
        field("Worker Resources", resources(spec.worker), indent: 2, width: specWidth)
        field("Launcher Resources", resources(spec.launcher), indent: 2, width: specWidth)
        field("MPI Implementation", spec.mpiImplementation, indent: 2, width: specWidth)
        field("Queue", spec.queue.map { "\($0) (Kueue LocalQueue)" } ?? "<none>", indent: 2, width: specWidth)
        if let priority = spec.priorityClass { field("Priority Class", priority, indent: 2, width: specWidth) }
        if let policy = spec.launcherCreationPolicy {
            field("Launcher Creation", policy, indent: 2, width: specWidth)
        }
        out += "  Run Policy:\n"
        let policyWidth = 24
        field("Clean Pod Policy", spec.cleanPodPolicy ?? "<unset> (operator default: None)", indent: 4, width: policyWidth)
        field("TTL After Finished", spec.ttlSecondsAfterFinished.map(seconds) ?? "<unset>", indent: 4, width: policyWidth)
        field("Active Deadline", spec.activeDeadlineSeconds.map(seconds) ?? "<unset>", indent: 4, width: policyWidth)
        field("Backoff Limit", spec.backoffLimit.map(String.init)
              ?? "<unset> (Job default: \(JobSpecSummary.defaultBackoffLimit))", indent: 4, width: policyWidth)
        field("Suspend", spec.suspend ? "true" : "false", indent: 4, width: policyWidth)
        if let managedBy = spec.managedBy { field("Managed By", managedBy, indent: 4, width: policyWidth) }

        if let queue = description.queue {
            out += QueueSectionView(bold: { paint($0, .bold) }, now: now).render(queue)
        }

        out += conditionsSection(description.timeline, now: now)

        out += podsSection(description.pods.map { ($0.role.rawValue, $0.index, $0) })

        out += eventsSection(description.events, unavailable: description.eventsUnavailable, now: now)

        out += diagnosisSection(description.findings, succeeded: job.phase == .succeeded)
        return out
    }

    /// `phase`: the status as shown (Kueue's view of a queued job), the job's own by default.
    func statusLine(_ job: MPIJob, phase: JobPhase? = nil) -> String {
        let phase = phase ?? job.phase
        var line = phase == .failed ? paint(phase.rawValue, .red) : phase.rawValue
        if let failure = job.failureSummary { line += " (\(failure))" }
        return line
    }

    func heading(_ name: String) -> String { paint(name + ":", .bold) + "\n" }

    /// `Name:          value`, the label bold at the top level.
    func fieldLine(_ name: String, _ value: String, indent: Int = 0, width: Int = 14) -> String {
        let label = String(repeating: " ", count: indent) + name + ":"
        let pad = max(1, width - label.count)
        return (indent == 0 ? paint(label, .bold) : label) + String(repeating: " ", count: pad) + value + "\n"
    }

    /// Labels or annotations, one `key=value` per line, sorted.
    func mapLines(_ name: String, _ values: [String: String]) -> String {
        let entries = values.keys.sorted().map { "\($0)=\(values[$0] ?? "")" }
        var out = fieldLine(name, entries.first ?? "<none>")
        for entry in entries.dropFirst() { out += String(repeating: " ", count: 14) + entry + "\n" }
        return out
    }

    /// Conditions oldest first, as a table.
    func conditionsSection(_ timeline: [JobCondition], now: Double) -> String {
        var out = heading("Conditions")
        if timeline.isEmpty { return out + "  <none>\n" }
        out += indented(TablePrinter().render(Table(
            columns: ["TYPE", "STATUS", "REASON", "AGE", "MESSAGE"],
            rows: timeline.map { condition in
                [condition.type, condition.status, dash(condition.reason),
                 condition.lastTransitionTime.map { Age.since($0, now: now) } ?? "-", dash(condition.message)]
            })))
        return out
    }

    /// Events oldest first, the newest `eventLimit` of them; Warnings in red.
    func eventsSection(_ events: [JobEvent], unavailable: String?, now: Double) -> String {
        var out = heading("Events")
        if let reason = unavailable { return out + "  <cannot list events: \(reason)>\n" }
        if events.isEmpty { return out + "  <none>\n" }
        let shown = events.suffix(eventLimit)
        if events.count > shown.count {
            out += "  (\(events.count - shown.count) older events not shown; -o json has them all)\n"
        }
        let table = TablePrinter().render(Table(
            columns: ["TYPE", "REASON", "AGE", "FROM", "OBJECT", "MESSAGE"],
            rows: shown.map { event in
                [event.type, event.reason, eventAge(event, now: now), dash(event.source), event.objectReference,
                 event.message.replacingNewlines()]
            }))
        // Paint after layout: escape codes would throw the column widths off.
        for line in table.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            let text = String(line)
            out += "  " + (text.hasPrefix("Warning ") ? paint("Warning", .red) + text.dropFirst("Warning".count) : text) + "\n"
        }
        return out
    }

    func diagnosisSection(_ findings: [Finding], succeeded: Bool) -> String {
        var out = heading("Diagnosis")
        if findings.isEmpty {
            out += "  " + (succeeded ? "No problems found: the job succeeded." : "No problems found.") + "\n"
        }
        for finding in findings {
            let label: String
            switch finding.severity {
            case .error: label = paint("Error:  ", .red)
            case .warning: label = paint("Warning:", .yellow)
            case .info: label = paint("Info:   ", .cyan)
            }
            out += "  \(label) \(finding.cause) [\(finding.rule)]\n"
            if !finding.fix.isEmpty { out += "  Fix:     \(finding.fix)\n" }
        }
        return out
    }

    /// A pods table; `role` and `index` come from the job's kind.
    func podsSection(_ pods: [(role: String, index: Int?, summary: PodSummary)]) -> String {
        var out = heading("Pods")
        if pods.isEmpty { return out + "  <none>\n" }
        out += indented(TablePrinter().render(Table(
            columns: ["NAME", "ROLE", "INDEX", "PHASE", "READY", "RESTARTS", "NODE", "REASON"],
            rows: pods.map { pod in
                let summary = pod.summary
                return [summary.name, pod.role, pod.index.map(String.init) ?? "-", summary.phase,
                        "\(summary.readyContainers)/\(summary.totalContainers)", String(summary.restarts),
                        summary.node ?? "<none>", summary.reason ?? "-"]
            })))
        return out
    }

    func timeWithAge(_ timestamp: String?, now: Double) -> String {
        guard let timestamp else { return "<unknown>" }
        return "\(timestamp) (\(Age.since(timestamp, now: now)) ago)"
    }

    func resources(_ resources: JobSpecSummary.Resources) -> String {
        let parts = [resources.cpu.map { "cpu \($0)" }, resources.memory.map { "memory \($0)" },
                     resources.gpus > 0 ? "\(resources.gpus) \(MPIJob.gpuResource)" : nil].compactMap { $0 }
        return parts.isEmpty ? "<none set>" : parts.joined(separator: ", ")
    }

    func seconds(_ value: Int) -> String {
        value < 120 ? "\(value)s" : "\(value)s (\(Age.human(seconds: Double(value))))"
    }

    /// kubectl's event age: `3m`, or `3m (x4 over 5m)` for a repeated event.
    func eventAge(_ event: JobEvent, now: Double) -> String {
        guard let last = event.lastSeen else { return "<unknown>" }
        let age = Age.human(seconds: now - last)
        guard event.count > 1, let first = event.firstSeen else { return age }
        return "\(age) (x\(event.count) over \(Age.human(seconds: now - first)))"
    }

    func dash(_ text: String) -> String { text.isEmpty ? "-" : text }

    func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
            .map { "  " + $0 + "\n" }.joined()
    }
}

extension String {
    /// Multi-line messages would break the table: one line, as kubectl prints them.
    func replacingNewlines() -> String {
        split(separator: "\n", omittingEmptySubsequences: true).joined(separator: " ")
    }
}
