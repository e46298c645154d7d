import Testing

@testable import TerminalUI

@Suite struct KeyDecoderTests {
    func decode(_ bytes: [UInt8]) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.feed(bytes) + decoder.flush()
    }

    @Test func arrowsPagingAndShiftTabInBothSpellings() {
        #expect(decode(Array("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D".utf8)) == [.up, .down, .right, .left])
        #expect(decode(Array("\u{1B}OA\u{1B}OD".utf8)) == [.up, .left])
        #expect(decode(Array("\u{1B}[5~\u{1B}[6~\u{1B}[H\u{1B}[F\u{1B}[1~\u{1B}[4~\u{1B}[Z".utf8))
            == [.pageUp, .pageDown, .home, .end, .home, .end, .backTab])
    }

    @Test func controlBytesAndCharacters() {
        #expect(decode([0x03, 0x09, 0x0D, 0x7F, 0x71]) == [.control("c"), .tab, .enter, .backspace, .character("q")])
        #expect(decode(Array("é日".utf8)) == [.character("é"), .character("日")])
    }

    @Test func aSequenceSplitAcrossReadsIsKeptUntilComplete() {
        var decoder = KeyDecoder()
        #expect(decoder.feed([0x1B, UInt8(ascii: "[")]).isEmpty)
        #expect(decoder.hasPending)
        #expect(decoder.feed([UInt8(ascii: "B")]) == [.down])
        #expect(decoder.feed([0xE6, 0x97]).isEmpty)
        #expect(decoder.feed([0xA5]) == [.character("日")])
    }

    @Test func aLoneEscapeIsTheEscapeKeyOnceFlushed() {
        var decoder = KeyDecoder()
        #expect(decoder.feed([0x1B]).isEmpty)
        #expect(decoder.flush() == [.escape])
        #expect(decode([0x1B, UInt8(ascii: "q")]) == [.escape, .character("q")])
    }

    @Test func unknownSequencesAreSkippedWhole() {
        #expect(decode(Array("\u{1B}[200~x".utf8)) == [.character("x")])
    }
}

@Suite struct LayoutTests {
    @Test func truncateAndFitCountColumnsNotCharacters() {
        #expect(TextLayout.truncate("abcdef", width: 4) == "abc…")
        #expect(TextLayout.truncate("abc", width: 4) == "abc")
        #expect(TextLayout.truncate("日本語", width: 4) == "日…")
        #expect(TextLayout.fit("ab", width: 4) == "ab  ")
        #expect(TextLayout.truncate("x", width: 0) == "")
    }

    @Test func wrapBreaksAtSpacesWhenNearElseMidWord() {
        #expect(TextLayout.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(TextLayout.wrap("abcdefghijkl", width: 5) == ["abcde", "fghij", "kl"])
        #expect(TextLayout.wrap("", width: 5) == [""])
        for line in TextLayout.wrap(String(repeating: "word ", count: 40), width: 17) {
            #expect(DisplayWidth.of(line) <= 17)
        }
    }

    @Test func columnsFitTheWidthMessageGivingWayFirst() {
        let headers = ["NAME", "STATUS", "MESSAGE"]
        let rows = [["pi-worker-0", "Running", String(repeating: "m", count: 100)]]
        let widths = ColumnLayout.widths(headers: headers, rows: rows, total: 60, flexible: 2)
        #expect(widths.reduce(0, +) + ColumnLayout.gap * 2 == 60)
        #expect(widths[0] == 11 && widths[1] == 7)
        let row = ColumnLayout.row(rows[0], widths: widths)
        #expect(DisplayWidth.of(row) == 60)
        #expect(row.hasSuffix("…"))
    }

    @Test func spareRoomGoesToTheFlexibleColumnAndNarrowTablesShrinkTheWidest() {
        let spare = ColumnLayout.widths(headers: ["A", "B"], rows: [["x", "y"]], total: 20, flexible: 1)
        #expect(spare == [1, 17])
        let headers = ["OBJECT", "MESSAGE"]
        let rows = [[String(repeating: "o", count: 40), String(repeating: "m", count: 40)]]
        let narrow = ColumnLayout.widths(headers: headers, rows: rows, total: 50, flexible: 1)
        #expect(narrow.reduce(0, +) + ColumnLayout.gap == 50)
        #expect(narrow[1] >= 50 / 4)
    }
}
