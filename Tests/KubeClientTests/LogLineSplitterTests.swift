import Testing

@testable import KubeClient

@Suite struct LogLineSplitterTests {
    /// Feeds `text` cut at `cuts` and returns the lines handed on, then the rest at the end.
    func split(_ text: String, cuts: [Int], maxLine: Int = 1 << 20) -> [String] {
        var splitter = LineSplitter(maxLineBytes: maxLine)
        var lines: [String] = []
        let bytes = Array(text.utf8)
        var start = 0
        for cut in cuts + [bytes.count] where cut >= start {
            let chunk = Array(bytes[start..<cut])
            chunk.withUnsafeBytes { raw in
                splitter.feed(raw) { lines.append(String(decoding: $0, as: UTF8.self)) }
            }
            start = cut
        }
        splitter.finish { lines.append(String(decoding: $0, as: UTF8.self)) }
        return lines
    }

    @Test func wholeLinesInOneChunk() {
        #expect(split("a\nbb\n\nccc\n", cuts: []) == ["a", "bb", "", "ccc"])
    }

    @Test func everyCutGivesTheSameLines() {
        let text = "step 1 loss 2.3\n[1,0]<stdout>:step 2\n\nlast line without newline"
        let expected = ["step 1 loss 2.3", "[1,0]<stdout>:step 2", "", "last line without newline"]
        let count = text.utf8.count
        for first in 0...count {
            for second in first...count {
                #expect(split(text, cuts: [first, second]) == expected, "cuts at \(first), \(second)")
            }
        }
    }

    @Test func oneByteAtATime() {
        let text = "x\nyy\nzzz\n"
        #expect(split(text, cuts: Array(0...text.utf8.count)) == ["x", "yy", "zzz"])
    }

    @Test func multibyteCharactersCutInTheMiddleStayWhole() {
        let text = "grüße 😀\nnext\n"
        let count = text.utf8.count
        for cut in 0...count {
            #expect(split(text, cuts: [cut]) == ["grüße 😀", "next"])
        }
    }

    @Test func aPartialLineWaitsForItsNewline() {
        var splitter = LineSplitter()
        var lines: [String] = []
        Array("abc".utf8).withUnsafeBytes { raw in splitter.feed(raw) { lines.append(String(decoding: $0, as: UTF8.self)) } }
        #expect(lines.isEmpty)
        #expect(splitter.hasPending)
        Array("def\ng".utf8).withUnsafeBytes { raw in splitter.feed(raw) { lines.append(String(decoding: $0, as: UTF8.self)) } }
        #expect(lines == ["abcdef"])
        #expect(splitter.pending == Array("g".utf8))
    }

    @Test func discardForgetsTheCutLine() {
        var splitter = LineSplitter()
        var lines: [String] = []
        Array("one\ntw".utf8).withUnsafeBytes { raw in splitter.feed(raw) { lines.append(String(decoding: $0, as: UTF8.self)) } }
        splitter.discardPending()
        splitter.finish { lines.append(String(decoding: $0, as: UTF8.self)) }
        #expect(lines == ["one"])
    }

    @Test func overlongLinesComeInBoundedPieces() {
        let lines = split(String(repeating: "x", count: 25) + "\nok\n", cuts: [3, 11, 20], maxLine: 10)
        #expect(lines == [String(repeating: "x", count: 10), String(repeating: "x", count: 10), "xxxxx", "ok"])
    }

    @Test func emptyChunksAreHarmless() {
        var splitter = LineSplitter()
        var count = 0
        [UInt8]().withUnsafeBytes { raw in splitter.feed(raw) { _ in count += 1 } }
        splitter.finish { _ in count += 1 }
        #expect(count == 0)
    }
}
