import Testing

@testable import KubeClient

@Suite struct LogPrefixTests {
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func prefixesArePaddedToTheLongestLabel() {
        let prefix = LogPrefix(labels: ["launcher", "worker-127"], color: false)
        let rendered = ["launcher", "worker-0", "worker-12", "worker-127"].map { text(prefix.render($0, slot: 0)) }
        #expect(rendered == ["launcher   | ", "worker-0   | ", "worker-12  | ", "worker-127 | "])
        // Every line's text starts in the same column.
        #expect(Set(rendered.map(\.count)).count == 1)
    }

    @Test func aLabelLongerThanExpectedIsNotCut() {
        let prefix = LogPrefix(labels: ["launcher"], color: false)
        #expect(text(prefix.render("worker-1000", slot: 0)) == "worker-1000 | ")
    }

    @Test func colorWrapsNameAndBarOnlyAndKeepsTheColumn() {
        let prefix = LogPrefix(labels: ["launcher", "worker-1"], color: true)
        let launcher = text(prefix.render("launcher", slot: 0))
        let worker = text(prefix.render("worker-1", slot: 2))
        #expect(launcher == "\u{1B}[36mlauncher |\u{1B}[0m ")
        #expect(worker == "\u{1B}[33mworker-1 |\u{1B}[0m ")
        // Slots cycle through the palette; never red (an error's color).
        for slot in 0..<40 { #expect(!text(prefix.render("w", slot: slot)).contains("[31m")) }
    }
}
