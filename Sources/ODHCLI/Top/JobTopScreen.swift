import KubeClient
import MPIJobs
import TerminalUI

/// What `top` draws from which state: a pure function of the facts, the view state, the
/// size and the time, into a `Canvas`. Row 0 names the job and its status, row 1 the panes
/// (the current one in brackets and reverse video), the last row the keys or how the job
/// ended; the rows between show the current pane.
struct JobTopScreen {
    static let minimumWidth = 40
    static let minimumHeight = 10

    var now: Double

    struct Frame {
        var canvas: Canvas
        /// How far the current pane can scroll, for `TopViewState.clamp`.
        var maxScroll: Int
        /// Rows of the pane, for paging.
        var paneHeight: Int
    }

    func render(_ facts: LiveJobFacts, _ state: TopViewState, width: Int, height: Int) -> Frame {
        var canvas = Canvas(width: width, height: height)
        guard width >= Self.minimumWidth, height >= Self.minimumHeight else {
            canvas.put("terminal too small for top: \(width)×\(height),", row: 0, column: 0)
            canvas.put("needs \(Self.minimumWidth)×\(Self.minimumHeight); q quits", row: 1, column: 0)
            return Frame(canvas: canvas, maxScroll: 0, paneHeight: 0)
        }
        canvas.put(header(facts), row: 0)
        canvas.put(tabs(facts, state), row: 1)
        let paneHeight = height - 3
        let content: TopPaneContent
        switch state.pane {
        case .overview: content = TopOverviewPane(now: now).content(facts, width: width)
        case .workers: content = TopWorkersPane().content(facts, selected: state.selectedPod, width: width)
        case .logs: content = TopLogsPane().content(facts, scroll: state.scroll[.logs] ?? 0, width: width)
        case .events: content = TopEventsPane(now: now).content(facts, width: width)
        }
        let window = content.window(height: paneHeight, scroll: state.scroll[state.pane] ?? 0)
        for (offset, line) in window.lines.enumerated() { canvas.put(line, row: 2 + offset) }
        canvas.put(footer(facts, state), row: height - 1)
        return Frame(canvas: canvas, maxScroll: window.maxScroll, paneHeight: paneHeight)
    }

    func header(_ facts: LiveJobFacts) -> StyledLine {
        var line = StyledLine("mpijob \(facts.name)", .bold)
        line.append("  namespace \(facts.namespace)  ")
        if let job = facts.job {
            line.append(job.phase.rawValue, TopStyle.phase(job.phase))
            line.append("  age \(Age.since(job.creationTimestamp, now: now))")
            line.append("  workers \(job.readyWorkers)/\(job.desiredWorkers)")
        } else {
            line.append("…", TopStyle.dim)
        }
        return line
    }

    func tabs(_ facts: LiveJobFacts, _ state: TopViewState) -> StyledLine {
        var line = StyledLine()
        for pane in TopViewState.Pane.allCases {
            var title = "\(pane.rawValue + 1) \(pane.title)"
            switch pane {
            case .workers: title += " (\(facts.pods.count))"
            case .events: title += " (\(facts.events.count))"
            case .overview, .logs: break
            }
            if pane == state.pane {
                line.append("[\(title)]", TextStyle(bold: true, reverse: true))
            } else {
                line.append(" \(title) ")
            }
            line.append(" ")
        }
        return line
    }

    func footer(_ facts: LiveJobFacts, _ state: TopViewState) -> StyledLine {
        if let job = facts.job, job.phase.isFinished {
            var line = StyledLine("The job \(job.phase == .succeeded ? "succeeded" : "failed") and has ended",
                                  TopStyle.phase(job.phase))
            line.append(" · q quits · tab/←→ panes")
            return line
        }
        let keys: String
        switch state.pane {
        case .workers: keys = "↑↓ select · l log · a all logs · tab/←→ panes · q quit"
        case .logs, .events, .overview: keys = "↑↓ PgUp/PgDn scroll · a all logs · tab/←→ panes · q quit"
        }
        return StyledLine(keys, TopStyle.dim)
    }
}
