/// A table as printers see it: already-formatted cells, no knowledge of what they mean.
struct Table: Sendable, Equatable {
    var columns: [String]
    var rows: [[String]]
}

/// kubectl's tabwriter layout: columns padded to the widest cell plus three spaces, the
/// last column unpadded, headers in capitals.
struct TablePrinter: Sendable {
    var showHeaders = true

    func render(_ table: Table) -> String {
        var widths = table.columns.map { showHeaders ? $0.count : 0 }
        for row in table.rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], DisplayWidth.of(cell))
            }
        }
        var out = ""
        func append(_ cells: [String]) {
            for (i, cell) in cells.enumerated() {
                if i == cells.count - 1 {
                    out += cell
                } else {
                    out += cell + String(repeating: " ", count: widths[i] - DisplayWidth.of(cell) + 3)
                }
            }
            out += "\n"
        }
        if showHeaders { append(table.columns) }
        for row in table.rows { append(row) }
        return out
    }
}

/// Terminal columns a string takes: wide East Asian characters count twice.
enum DisplayWidth {
    static func of(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
                0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
                width += 2
            case 0x0300...0x036F, 0x200B...0x200F:
                break
            default:
                width += 1
            }
        }
        return width
    }
}
