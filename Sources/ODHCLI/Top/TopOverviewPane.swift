import KubeClient
import MPIJobs
import TerminalUI

/// The Overview pane: the job's state, spec in brief, the diagnosis when the rules find
/// something (the same `Diagnosis` as `describe`; above the conditions, so an 80×24
/// terminal shows it), and the conditions.
struct TopOverviewPane {
    var now: Double

    static let labelWidth = 12

    func content(_ facts: LiveJobFacts, width: Int) -> TopPaneContent {
        guard let job = facts.job else {
            return TopPaneContent(lines: [StyledLine("Waiting for the job's first state…", TopStyle.dim)])
        }
        let spec = JobSpecSummary(job)
        var lines: [StyledLine] = []
        func field(_ name: String, _ value: StyledLine) {
            var line = StyledLine(TextLayout.fit(name, width: Self.labelWidth), .bold)
            line.segments += value.segments
            lines.append(line)
        }
        func field(_ name: String, _ value: String) { field(name, StyledLine(value)) }

        var status = StyledLine(job.phase.rawValue, TopStyle.phase(job.phase))
        if let failure = job.failureSummary { status.append("  " + failure) }
        if job.deletionTimestamp != nil { status.append("  (being deleted)", TopStyle.warning) }
        field("Status", status)
        var age = Age.since(job.creationTimestamp, now: now)
        if job.completionTime != nil {
            age += "  (ran \(job.duration(now: now)))"
        } else if job.startTime != nil, job.phase == .running || job.phase == .restarting {
            age += "  (running \(job.duration(now: now)))"
        }
        field("Age", age)
        field("Workers", "\(job.readyWorkers)/\(job.desiredWorkers) running · launcher \(job.launcherState)")
        field("Image", spec.image.isEmpty ? "<none>" : spec.image)
        if !spec.launcherCommand.isEmpty { field("Command", spec.launcherCommand.joined(separator: " ")) }
        field("Ranks", "\(spec.workers) × \(spec.slotsPerWorker) slot\(spec.slotsPerWorker == 1 ? "" : "s")"
              + " = \(spec.workers * spec.slotsPerWorker) · \(spec.mpiImplementation)")
        let resources = [spec.worker.cpu.map { "cpu \($0)" }, spec.worker.memory.map { "memory \($0)" },
                         spec.worker.gpus > 0 ? "\(spec.worker.gpus) GPU" : nil].compactMap { $0 }
        field("Per worker", resources.isEmpty ? "no requests" : resources.joined(separator: ", "))
        field("Queue", spec.queue ?? "<none>")

        let findings = Diagnosis.findings(job: job, pods: facts.pods, events: facts.events, now: now)
        if !findings.isEmpty {
            lines.append(StyledLine())
            lines.append(StyledLine("Diagnosis", .bold))
            for finding in findings {
                let label = finding.severity.rawValue
                let wrapped = TextLayout.wrap("\(finding.cause) [\(finding.rule)]", width: max(10, width - 11))
                for (index, text) in wrapped.enumerated() {
                    let lead = index == 0 ? "  " + TextLayout.fit(label, width: 8) + " " : String(repeating: " ", count: 11)
                    var line = StyledLine(lead, index == 0 ? TopStyle.severity(finding.severity) : .plain)
                    line.append(text)
                    lines.append(line)
                }
                if !finding.fix.isEmpty {
                    for (index, text) in TextLayout.wrap(finding.fix, width: max(10, width - 11)).enumerated() {
                        var line = StyledLine(index == 0 ? "  fix      " : String(repeating: " ", count: 11), .bold)
                        line.append(text)
                        lines.append(line)
                    }
                }
            }
        }
        lines.append(StyledLine())
        lines.append(StyledLine("Conditions", .bold))
        let conditions = job.conditions
        if conditions.isEmpty {
            lines.append(StyledLine("  none yet", TopStyle.dim))
        } else {
            let headers = ["TYPE", "STATUS", "REASON", "AGE", "MESSAGE"]
            let rows = conditions.map { condition in
                [condition.type, condition.status, condition.reason,
                 condition.lastTransitionTime.map { Age.since($0, now: now) } ?? "-", condition.message.replacingNewlines()]
            }
            let widths = ColumnLayout.widths(headers: headers, rows: rows, total: width - 2, flexible: 4)
            lines.append(StyledLine("  " + ColumnLayout.row(headers, widths: widths), TopStyle.header))
            for row in rows { lines.append(StyledLine("  " + ColumnLayout.row(row, widths: widths))) }
        }
        return TopPaneContent(lines: lines)
    }
}

/// The few styles `top` uses, so every pane means the same thing by a color.
enum TopStyle {
    static let dim = TextStyle(foreground: .gray)
    static let header = TextStyle(bold: true)
    static let warning = TextStyle(foreground: .yellow)
    static let error = TextStyle(foreground: .red)

    static func phase(_ phase: JobPhase) -> TextStyle {
        switch phase {
        case .succeeded: return TextStyle(foreground: .green, bold: true)
        case .failed: return TextStyle(foreground: .red, bold: true)
        case .running: return TextStyle(foreground: .cyan, bold: true)
        case .pending, .queued, .admitted, .restarting: return TextStyle(foreground: .yellow, bold: true)
        case .suspended: return TextStyle(foreground: .gray, bold: true)
        }
    }

    static func severity(_ severity: Finding.Severity) -> TextStyle {
        switch severity {
        case .error: return TextStyle(foreground: .red, bold: true)
        case .warning: return TextStyle(foreground: .yellow, bold: true)
        case .info: return TextStyle(foreground: .cyan, bold: true)
        }
    }
}
