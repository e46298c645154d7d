/// Fitting text into columns by display width (not by character count).
public enum TextLayout {
    /// At most `width` columns; a cut is marked with `…`.
    public static func truncate(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(text) <= width { return text }
        var out = ""
        var used = 0
        for character in text {
            let columns = DisplayWidth.of(character)
            if used + columns > width - 1 { break }
            out.append(character)
            used += columns
        }
        return out + "…"
    }

    /// Padded with spaces (or truncated) to exactly `width` columns.
    public static func fit(_ text: String, width: Int) -> String {
        let cut = truncate(text, width: width)
        return cut + String(repeating: " ", count: max(0, width - DisplayWidth.of(cut)))
    }

    /// Lines of at most `width` columns, broken at spaces where one is near enough, else
    /// mid-word. An empty text is one empty line.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [text] }
        var lines: [String] = []
        var line = ""
        var used = 0
        for character in text {
            let columns = max(DisplayWidth.of(character), character == "\t" ? 1 : 0)
            if used + columns > width {
                if let space = line.lastIndex(of: " "), line.distance(from: line.startIndex, to: space) > width / 2 {
                    lines.append(String(line[..<space]))
                    line = String(line[line.index(after: space)...])
                } else {
                    lines.append(line)
                    line = ""
                }
                used = DisplayWidth.of(line)
            }
            line.append(character)
            used += columns
        }
        lines.append(line)
        return lines
    }
}

/// Column widths for a table drawn in `total` columns: each column as wide as its widest
/// cell, two spaces between columns. When that is too wide, the `flexible` column (a
/// message, a reason) gives way first, down to a quarter of the width; then the widest other
/// columns shrink toward their header's width; then the flexible one again.
public enum ColumnLayout {
    public static let gap = 2

    public static func widths(headers: [String], rows: [[String]], total: Int, flexible: Int?) -> [Int] {
        var widths = headers.map(DisplayWidth.of)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], DisplayWidth.of(cell))
            }
        }
        guard !widths.isEmpty else { return [] }
        let flexible = flexible.flatMap { $0 < widths.count ? $0 : nil }
        var excess = widths.reduce(0, +) + gap * (widths.count - 1) - total
        if excess <= 0 {
            // Spare room goes to the flexible column so it can show whole messages.
            if let flexible { widths[flexible] += -excess }
            return widths
        }
        let minimum = headers.map { max(3, min(DisplayWidth.of($0), 8)) }
        func shrinkFlexible(downTo floor: Int) {
            guard let flexible, excess > 0 else { return }
            let give = max(0, min(excess, widths[flexible] - max(floor, minimum[flexible])))
            widths[flexible] -= give
            excess -= give
        }
        shrinkFlexible(downTo: total / 4)
        while excess > 0 {
            guard let widest = widths.indices.filter({ $0 != flexible && widths[$0] > minimum[$0] })
                .max(by: { widths[$0] < widths[$1] })
            else { break }
            widths[widest] -= 1
            excess -= 1
        }
        shrinkFlexible(downTo: 0)
        return widths
    }

    /// One table row as text, each cell fitted to its width.
    public static func row(_ cells: [String], widths: [Int]) -> String {
        var out = ""
        for (i, width) in widths.enumerated() {
            let cell = i < cells.count ? cells[i] : ""
            out += i == widths.count - 1 ? TextLayout.truncate(cell, width: width) : TextLayout.fit(cell, width: width)
            if i < widths.count - 1 { out += String(repeating: " ", count: gap) }
        }
        return out
    }
}
