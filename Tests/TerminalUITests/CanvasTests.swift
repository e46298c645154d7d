import Testing

@testable import TerminalUI

@Suite struct CanvasTests {
    @Test func textIsClippedAtTheEdgeAndAtTheLimit() {
        var canvas = Canvas(width: 10, height: 2)
        #expect(canvas.put("hello world", row: 0, column: 3) == 7)
        #expect(canvas.line(0) == "   hello w")
        #expect(canvas.put("abcdef", row: 1, column: 0, limit: 4) == 4)
        #expect(canvas.line(1) == "abcd")
    }

    @Test func controlCharactersNeverReachTheScreen() {
        var canvas = Canvas(width: 30, height: 1)
        // An escape sequence inside a log line must not move the cursor or change colors.
        canvas.put("a\u{1B}[2Jb\u{07}c\r\nd\u{9B}e", row: 0, column: 0)
        #expect(canvas.line(0) == "a?[2Jb?c?d?e")
        for column in 0..<canvas.width {
            #expect(!canvas[0, column].text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        }
    }

    @Test func tabsExpandToStopsOfEight() {
        var canvas = Canvas(width: 20, height: 1)
        canvas.put("a\tb", row: 0, column: 2)
        #expect(canvas.line(0) == "  a       b")
    }

    @Test func wideCharactersTakeTwoCellsAndAreNotSplit() {
        var canvas = Canvas(width: 5, height: 2)
        #expect(canvas.put("日本語", row: 0, column: 0) == 4)
        #expect(canvas.line(0) == "日本")
        #expect(canvas[0, 1].isContinuation)
        // Overwriting the second half of a wide character blanks its first half.
        canvas.put("x", row: 0, column: 1)
        #expect(canvas.line(0) == " x本")
    }

    @Test func styledLinesKeepTheirStyles() {
        var canvas = Canvas(width: 20, height: 1)
        var line = StyledLine("Status ", .bold)
        line.append("Failed", TextStyle(foreground: .red))
        canvas.put(line, row: 0)
        #expect(canvas.line(0) == "Status Failed")
        #expect(canvas.style(of: "Failed", row: 0)?.foreground == .red)
        #expect(canvas.style(of: "Status", row: 0)?.bold == true)
    }

    @Test func outOfRangeDrawingIsIgnored() {
        var canvas = Canvas(width: 4, height: 1)
        #expect(canvas.put("x", row: 3, column: 0) == 0)
        #expect(canvas.put("x", row: -1, column: 0) == 0)
        #expect(canvas.put("x", row: 0, column: 9) == 0)
        canvas.fill(row: 0, column: 2, count: 10, style: .reverse)
        #expect(canvas[0, 3].style.reverse)
        #expect(!canvas[0, 1].style.reverse)
    }
}

@Suite struct ScreenPainterTests {
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func theFirstFrameClearsAndLaterFramesRewriteOnlyChangedRows() {
        var painter = ScreenPainter(color: true)
        var canvas = Canvas(width: 10, height: 3)
        canvas.put("one", row: 0, column: 0)
        canvas.put("two", row: 1, column: 0)
        let first = text(painter.paint(canvas))
        #expect(first.hasPrefix("\u{1B}[0m\u{1B}[H"))
        #expect(!first.contains("\u{1B}[2J"))
        #expect(first.contains("\u{1B}[1;1H") && first.contains("\u{1B}[3;1H"))
        canvas.put("TWO", row: 1, column: 0)
        let second = text(painter.paint(canvas))
        #expect(!second.hasPrefix("\u{1B}[0m\u{1B}[H"))
        #expect(second.contains("\u{1B}[2;1H"))
        #expect(!second.contains("\u{1B}[1;1H") && !second.contains("\u{1B}[3;1H"))
        #expect(text(painter.paint(canvas)).isEmpty)
    }

    @Test func aNewSizeOrInvalidateRepaintsEverything() {
        var painter = ScreenPainter(color: false)
        _ = painter.paint(Canvas(width: 5, height: 2))
        // Unchanged blank rows are rewritten too: the terminal's content after a resize is unknown.
        #expect(text(painter.paint(Canvas(width: 6, height: 2))).contains("\u{1B}[2;1H"))
        #expect(text(painter.paint(Canvas(width: 6, height: 2))).isEmpty)
        painter.invalidate()
        #expect(text(painter.paint(Canvas(width: 6, height: 2))).contains("\u{1B}[2;1H"))
    }

    @Test func withoutColorNoColorCodesAreWrittenButEmphasisStays() {
        var canvas = Canvas(width: 12, height: 1)
        canvas.put("red", row: 0, column: 0, style: TextStyle(foreground: .red, bold: true))
        canvas.put("sel", row: 0, column: 4, style: .reverse)
        var plain = ScreenPainter(color: false)
        let output = text(plain.paint(canvas))
        #expect(!output.contains("31"))
        #expect(output.contains("\u{1B}[0;1m") && output.contains("\u{1B}[0;7m"))
        var colored = ScreenPainter(color: true)
        #expect(text(colored.paint(canvas)).contains("\u{1B}[0;1;31m"))
    }
}
