import TerminalUI

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
