import KubeClient
import MPIJobs
import TerminalUI

/// The Workers pane: one row per pod (the same `PodSummary` as `describe`), the selected
/// one marked with `>` and reverse video, so it shows without color too.
struct TopWorkersPane {
    func content(_ facts: LiveJobFacts, selected: Int, width: Int) -> TopPaneContent {
        let headers = ["ROLE", "NAME", "PHASE", "READY", "RESTARTS", "NODE", "REASON"]
        guard !facts.pods.isEmpty else {
            let why: String
            switch facts.job?.phase {
            case .some(.queued): why = "no pods: the job waits in its queue"
            case .some(.suspended): why = "no pods: the job is suspended"
            case .some(.succeeded), .some(.failed): why = "no pods left: the job has ended and its pods were cleaned up"
            default: why = "no pods yet"
            }
            return TopPaneContent(lines: [StyledLine("  " + why, TopStyle.dim)])
        }
        let rows = facts.pods.map { pod in
            [pod.roleLabel, pod.name, pod.phase, "\(pod.readyContainers)/\(pod.totalContainers)", String(pod.restarts),
             pod.node ?? "-", [pod.reason, pod.message].compactMap { $0 }.joined(separator: ": ").replacingNewlines()]
        }
        let widths = ColumnLayout.widths(headers: headers, rows: rows, total: width - 2, flexible: 6)
        var content = TopPaneContent(pinned: [StyledLine("  " + ColumnLayout.row(headers, widths: widths), TopStyle.header)])
        for (index, row) in rows.enumerated() {
            let pod = facts.pods[index]
            var line = StyledLine(index == selected ? "> " : "  ")
            line.append(ColumnLayout.row(row, widths: widths), Self.style(pod))
            content.lines.append(index == selected ? line.emphasized(.reverse) : line)
        }
        content.focus = min(selected, rows.count - 1)
        content.lines.append(StyledLine())
        content.lines.append(StyledLine("  l or Enter: follow the selected pod's log · a: all pods' logs", TopStyle.dim))
        return content
    }

    static func style(_ pod: PodSummary) -> TextStyle {
        if pod.phase == "Failed" || pod.reason.map({ $0.contains("Error") || $0.contains("OOM") || $0.contains("BackOff") }) == true {
            return TopStyle.error
        }
        if pod.phase == "Pending" { return TopStyle.warning }
        return .plain
    }
}

/// The Events pane: the job's, its launcher Job's and its pods' events, newest at the bottom.
struct TopEventsPane {
    var now: Double

    func content(_ facts: LiveJobFacts, width: Int) -> TopPaneContent {
        if let reason = facts.eventsUnavailable {
            return TopPaneContent(lines: [StyledLine("  cannot watch events: \(reason)", TopStyle.warning)])
        }
        guard !facts.events.isEmpty else {
            return TopPaneContent(lines: [StyledLine("  no events yet", TopStyle.dim)])
        }
        let headers = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
        let rows = facts.events.map { event in
            [(event.lastSeen.map { Age.human(seconds: now - $0) } ?? "-") + (event.count > 1 ? " (x\(event.count))" : ""),
             event.type, event.reason, event.objectReference, event.message.replacingNewlines()]
        }
        let widths = ColumnLayout.widths(headers: headers, rows: rows, total: width - 2, flexible: 4)
        var content = TopPaneContent(pinned: [StyledLine("  " + ColumnLayout.row(headers, widths: widths), TopStyle.header)],
                                     anchor: .bottom)
        for (index, row) in rows.enumerated() {
            content.lines.append(StyledLine("  " + ColumnLayout.row(row, widths: widths),
                                            facts.events[index].isWarning ? TopStyle.warning : .plain))
        }
        return content
    }
}

/// The Logs pane: the followed pods' lines, wrapped to the width, newest at the bottom.
struct TopLogsPane {
    func content(_ facts: LiveJobFacts, scroll: Int, width: Int) -> TopPaneContent {
        var title = StyledLine(facts.logTitle == "all pods" ? "Logs of all pods, merged" : "Log of \(facts.logTitle)", .bold)
        switch facts.logState {
        case .following: title.append(" · following", TopStyle.dim)
        case .complete: title.append(" · the job has ended: every line was read", TopStyle.dim)
        case .stopped(let reason): title.append(" · stopped: \(reason)", TopStyle.warning)
        }
        if scroll > 0 { title.append(" · scrolled up \(scroll) (End follows)", TopStyle.warning) }
        var content = TopPaneContent(pinned: [title], anchor: .bottom)
        if facts.logDropped > 0 {
            content.lines.append(StyledLine("(\(facts.logDropped) older lines not kept)", TopStyle.dim))
        }
        if facts.log.isEmpty {
            content.lines.append(StyledLine("no log lines yet", TopStyle.dim))
        }
        for entry in facts.log {
            for piece in TextLayout.wrap(entry.text, width: max(1, width)) {
                content.lines.append(StyledLine(piece, entry.isNotice ? TopStyle.dim : .plain))
            }
        }
        return content
    }
}
