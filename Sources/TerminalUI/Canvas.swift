/// One character position on the screen. A wide character fills its cell and marks the
/// next one as its continuation (empty text), so every row keeps exactly `width` columns.
public struct Cell: Sendable, Equatable {
    public var text: String
    public var style: TextStyle

    public static let blank = Cell(text: " ", style: .plain)
    static let continuation = Cell(text: "", style: .plain)

    public var isContinuation: Bool { text.isEmpty }
}

/// A grid of cells that a screen model draws into: pure data, so what a view shows can be
/// checked without a terminal (`lines` reads it back as text). Everything drawn is made
/// safe first: control characters (an escape sequence in a log line) become `?`, tabs
/// become spaces, and text never spills past the edge.
public struct Canvas: Sendable, Equatable {
    public let width: Int
    public let height: Int
    private var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(row: Int, column: Int) -> Cell {
        guard row >= 0, row < height, column >= 0, column < width else { return .blank }
        return cells[row * width + column]
    }

    /// Draws `text` from (`row`, `column`), at most `limit` columns (default: to the right
    /// edge), and returns the columns used. A wide character that does not fit whole is
    /// left out.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, style: TextStyle = .plain, limit: Int? = nil) -> Int {
        guard row >= 0, row < height, column < width else { return 0 }
        let start = max(0, column)
        let end = min(width, limit.map { start + max(0, $0) } ?? width)
        var x = start
        for character in text {
            if x >= end { break }
            if character == "\t" {
                let next = min(end, start + ((x - start) / 8 + 1) * 8)
                while x < next {
                    set(row, x, Cell(text: " ", style: style))
                    x += 1
                }
                continue
            }
            let shown = Self.isControl(character) ? "?" : character
            let columns = DisplayWidth.of(shown)
            if columns == 0 { continue }
            if x + columns > end { break }
            set(row, x, Cell(text: String(shown), style: style))
            if columns == 2 { set(row, x + 1, .continuation) }
            x += columns
        }
        return x - start
    }

    /// Paints `count` blank cells in `style` (a reverse-video bar, a cleared area).
    public mutating func fill(row: Int, column: Int = 0, count: Int? = nil, style: TextStyle = .plain) {
        guard row >= 0, row < height else { return }
        let start = max(0, column)
        let end = min(width, count.map { start + $0 } ?? width)
        guard start < end else { return }
        for x in start..<end { set(row, x, Cell(text: " ", style: style)) }
    }

    /// The text of one row, trailing blanks removed: what a test or a log reads back.
    public func line(_ row: Int) -> String {
        guard row >= 0, row < height else { return "" }
        var text = ""
        for x in 0..<width { text += self[row, x].text }
        while text.last == " " { text.removeLast() }
        return text
    }

    public var lines: [String] { (0..<height).map(line) }

    /// The style of the first cell of `row` whose text starts `text`, for tests on emphasis.
    public func style(of text: String, row: Int) -> TextStyle? {
        let content = (0..<width).map { self[row, $0] }
        for x in content.indices where content[x].text == String(text.prefix(1)) {
            var joined = ""
            var y = x
            while y < content.count, joined.count < text.count {
                joined += content[y].text
                y += 1
            }
            if joined.hasPrefix(text) { return content[x].style }
        }
        return nil
    }

    private mutating func set(_ row: Int, _ column: Int, _ cell: Cell) {
        let index = row * width + column
        // Overwriting half of a wide character blanks its other half.
        if cells[index].isContinuation, column > 0, !cell.isContinuation {
            cells[index - 1] = .blank
        }
        if column + 1 < width, !cells[index].isContinuation, DisplayWidth.of(cells[index].text) == 2,
            cells[index + 1].isContinuation, !cell.isContinuation, DisplayWidth.of(cell.text) < 2
        {
            cells[index + 1] = .blank
        }
        cells[index] = cell
    }

    static func isControl(_ character: Character) -> Bool {
        character.unicodeScalars.contains { scalar in
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
        }
    }
}
