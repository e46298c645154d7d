import TerminalUI

/// The lines of one pane before they are placed: `pinned` ones (a table's header) stay at
/// the top, the rest scroll. A pane anchored at the bottom (logs, events) shows its newest
/// lines unless scrolled up; `focus` is a line that must stay visible (the selected pod).
struct TopPaneContent: Sendable, Equatable {
    enum Anchor: Sendable { case top, bottom }

    var pinned: [StyledLine] = []
    var lines: [StyledLine] = []
    var anchor = Anchor.top
    var focus: Int?

    /// The lines shown in `height` rows at `scroll`, and the largest scroll there is.
    func window(height: Int, scroll: Int) -> (lines: [StyledLine], maxScroll: Int) {
        let room = max(0, height - pinned.count)
        let maxScroll = max(0, lines.count - room)
        let offset = min(max(0, scroll), maxScroll)
        var start: Int
        switch anchor {
        case .top: start = offset
        case .bottom: start = max(0, lines.count - room - offset)
        }
        if let focus {
            if focus < start { start = focus }
            if focus >= start + room { start = focus - room + 1 }
            start = max(0, start)
        }
        let end = min(lines.count, start + room)
        return (Array(pinned.prefix(height)) + Array(lines[min(start, end)..<end]), maxScroll)
    }
}
