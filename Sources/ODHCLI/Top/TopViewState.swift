import MPIJobs
import TerminalUI

/// What the person looking at `top` chose: the pane, the selected pod, how far each pane is
/// scrolled. Keys change it; the facts never do. Pure, so every key can be tested.
struct TopViewState: Sendable, Equatable {
    enum Pane: Int, CaseIterable, Sendable {
        case overview, workers, logs, events

        var title: String {
            switch self {
            case .overview: return "Overview"
            case .workers: return "Workers"
            case .logs: return "Logs"
            case .events: return "Events"
            }
        }
    }

    /// What the loop does after a key.
    enum Action: Sendable, Equatable {
        case none
        case quit
        /// Ctrl-C: in raw mode it is a key, not a signal.
        case interrupt
        /// Follow other pods in the Logs pane.
        case showLog(LogSelection, title: String)
    }

    var pane = Pane.overview
    var selectedPod = 0
    /// Overview: lines from the top. Logs and Events: lines up from the newest (0 follows).
    var scroll: [Pane: Int] = [:]

    mutating func handle(_ key: Key, facts: LiveJobFacts, page: Int) -> Action {
        switch key {
        case .character("q"), .character("Q"): return .quit
        case .control("c"): return .interrupt
        case .tab, .right: pane = Pane(rawValue: (pane.rawValue + 1) % Pane.allCases.count) ?? .overview
        case .backTab, .left:
            pane = Pane(rawValue: (pane.rawValue + Pane.allCases.count - 1) % Pane.allCases.count) ?? .overview
        case .character(let digit) where digit.isASCII && digit.wholeNumberValue != nil:
            if let number = digit.wholeNumberValue, let chosen = Pane(rawValue: number - 1) { pane = chosen }
        case .up, .character("k"): move(-1, facts: facts)
        case .down, .character("j"): move(1, facts: facts)
        case .pageUp: move(-max(1, page - 1), facts: facts)
        case .pageDown: move(max(1, page - 1), facts: facts)
        case .home, .character("g"): move(-Int(Int32.max), facts: facts)
        case .end, .character("G"): move(Int(Int32.max), facts: facts)
        case .character("l"), .enter:
            guard pane == .workers, facts.pods.indices.contains(selectedPod) else { return .none }
            let pod = facts.pods[selectedPod]
            let selection: LogSelection
            switch (pod.role, pod.index) {
            case (.launcher, _): selection = .launcher
            case (.worker, .some(let index)): selection = .worker(index)
            default: return .none
            }
            pane = .logs
            scroll[.logs] = 0
            return .showLog(selection, title: pod.roleLabel)
        case .character("a"):
            pane = .logs
            scroll[.logs] = 0
            return .showLog(.all, title: "all pods")
        default:
            break
        }
        return .none
    }

    /// Down is positive: the next pod, later lines.
    private mutating func move(_ delta: Int, facts: LiveJobFacts) {
        switch pane {
        case .workers:
            let last = max(0, facts.pods.count - 1)
            selectedPod = min(last, max(0, clampedAdd(selectedPod, delta)))
        case .overview:
            scroll[.overview] = max(0, clampedAdd(scroll[.overview] ?? 0, delta))
        case .logs, .events:
            scroll[pane] = max(0, clampedAdd(scroll[pane] ?? 0, -delta))
        }
    }

    private func clampedAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? Int.max : Int.min) : sum
    }

    /// After drawing: nothing scrolls past its end, and the selection stays on a pod.
    mutating func clamp(maxScroll: Int, podCount: Int) {
        if let value = scroll[pane], value > maxScroll { scroll[pane] = maxScroll }
        selectedPod = min(selectedPod, max(0, podCount - 1))
    }
}
