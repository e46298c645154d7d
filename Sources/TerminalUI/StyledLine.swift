/// One line of text made of differently styled pieces: what a view's pane is built from
/// before it is placed on a canvas.
public struct StyledLine: Sendable, Equatable {
    public struct Segment: Sendable, Equatable {
        public var text: String
        public var style: TextStyle
    }

    public var segments: [Segment] = []

    public init() {}

    public init(_ text: String, _ style: TextStyle = .plain) {
        segments = [Segment(text: text, style: style)]
    }

    public mutating func append(_ text: String, _ style: TextStyle = .plain) {
        segments.append(Segment(text: text, style: style))
    }

    public var text: String { segments.map(\.text).joined() }

    /// The same line with every piece drawn in `style` as well (a selected row).
    public func emphasized(_ style: TextStyle) -> StyledLine {
        var copy = self
        for index in copy.segments.indices {
            var merged = copy.segments[index].style
            merged.reverse = merged.reverse || style.reverse
            merged.bold = merged.bold || style.bold
            copy.segments[index].style = merged
        }
        return copy
    }
}

extension Canvas {
    /// Draws the pieces one after another from `column`, clipped to `limit` columns.
    @discardableResult
    public mutating func put(_ line: StyledLine, row: Int, column: Int = 0, limit: Int? = nil) -> Int {
        var used = 0
        let total = limit ?? (width - column)
        for segment in line.segments {
            guard used < total else { break }
            used += put(segment.text, row: row, column: column + used, style: segment.style, limit: total - used)
        }
        return used
    }
}
