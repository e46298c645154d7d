/// Turns canvases into the bytes that show them. The first frame (and the first after a
/// resize or `invalidate`) draws every row; later frames rewrite only the rows that
/// changed, so a redraw caused by one new log line costs a row or two. Every row is written
/// across the whole width, so nothing is cleared first: a clear (`ESC [2J`) would make
/// tmux scroll the old frame into the scrollback of the screen the user returns to.
/// Rows are written whole and autowrap is off while a view runs (`FullScreenTerminal`),
/// so the last column of the last row never scrolls the screen.
public struct ScreenPainter: Sendable {
    public let color: Bool
    private var shown: Canvas?

    public init(color: Bool) {
        self.color = color
    }

    /// The next frame repaints everything (after a resize, or when something else may
    /// have drawn on the screen).
    public mutating func invalidate() {
        shown = nil
    }

    public mutating func paint(_ canvas: Canvas) -> [UInt8] {
        var out = ""
        let full = shown.map { $0.width != canvas.width || $0.height != canvas.height } ?? true
        if full { out += "\u{1B}[0m\u{1B}[H" }
        for row in 0..<canvas.height {
            if !full, let shown, Self.same(shown, canvas, row: row) { continue }
            out += "\u{1B}[\(row + 1);1H"
            var current: TextStyle?
            for column in 0..<canvas.width {
                let cell = canvas[row, column]
                if cell.isContinuation { continue }
                if cell.style != current {
                    out += cell.style.sgr(color: color)
                    current = cell.style
                }
                out += cell.text
            }
            out += "\u{1B}[0m"
        }
        shown = canvas
        return Array(out.utf8)
    }

    private static func same(_ a: Canvas, _ b: Canvas, row: Int) -> Bool {
        for column in 0..<a.width where a[row, column] != b[row, column] { return false }
        return true
    }
}
