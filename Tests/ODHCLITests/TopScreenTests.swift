import KubeClient
import MPIJobs
import TerminalUI
import Testing

@testable import ODHCLI

/// `top`'s screen model rendered into a grid of cells at 80×24, without a terminal.
@Suite struct TopScreenTests {
    let width = 80
    let height = 24

    func running() throws -> (job: JSON, pods: [JSON], now: Double) {
        let job = try TopFixtures.golden("13-get-running.http")
        let recorded = try TopFixtures.items("29-pods-of-job.http")[0]
        let name = MPIJob(job).name
        let pods = [
            TopFixtures.pod(from: recorded, job: name, role: "launcher", index: nil, running: true),
            TopFixtures.pod(from: recorded, job: name, role: "worker", index: 0, running: true),
            TopFixtures.pod(from: recorded, job: name, role: "worker", index: 1, running: true),
        ]
        let created = Timestamp.parse(MPIJob(job).creationTimestamp ?? "") ?? 0
        return (job, pods, created + 125)
    }

    func render(_ facts: LiveJobFacts, _ state: TopViewState = TopViewState(), now: Double) -> JobTopScreen.Frame {
        JobTopScreen(now: now).render(facts, state, width: width, height: height)
    }

    @Test func overviewNamesTheJobItsStatusThePanesAndTheKeys() throws {
        let (job, pods, now) = try running()
        let frame = render(TopFixtures.facts(job: job, pods: pods), now: now)
        let lines = frame.canvas.lines
        #expect(lines.count == 24)
        #expect(lines[0].hasPrefix("mpijob running  namespace golden  Running  age 2m5s  workers"))
        #expect(lines[1].hasPrefix("[1 Overview]  2 Workers (3)   3 Logs   4 Events (0)"))
        #expect(frame.canvas.style(of: "[1 Overview]", row: 1)?.reverse == true)
        #expect(lines.contains { $0.hasPrefix("Status      Running") })
        #expect(lines.contains { $0.hasPrefix("Conditions") })
        #expect(lines.contains { $0.contains("Running  True    MPIJobRunning") })
        #expect(lines[23].contains("q quit"))
        #expect(frame.paneHeight == 21)
    }

    @Test func workersPaneMarksTheSelectedPodAndFitsEighty() throws {
        let (job, pods, now) = try running()
        var state = TopViewState()
        state.pane = .workers
        state.selectedPod = 1
        let frame = render(TopFixtures.facts(job: job, pods: pods), state, now: now)
        let lines = frame.canvas.lines
        #expect(lines[2].hasPrefix("  ROLE      NAME"))
        #expect(lines[3].hasPrefix("  launcher  running-launcher-abcde  Running"))
        #expect(lines[4].hasPrefix("> worker-0  running-worker-0"))
        #expect(lines[5].hasPrefix("  worker-1  running-worker-1"))
        #expect(frame.canvas[4, 0].style.reverse && !frame.canvas[3, 0].style.reverse)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 80 })
    }

    @Test func logsPaneShowsTheNewestLinesUnlessScrolled() throws {
        let (job, _, now) = try running()
        let log = (1...40).map { "launcher | step \($0)" }
        let facts = TopFixtures.facts(job: job, log: log)
        var state = TopViewState()
        state.pane = .logs
        let following = render(facts, state, now: now)
        #expect(following.canvas.line(2) == "Logs of all pods, merged · following")
        #expect(following.canvas.line(22) == "launcher | step 40")
        #expect(following.canvas.line(3) == "launcher | step 21")
        #expect(following.maxScroll == 20)
        state.scroll[.logs] = 5
        let scrolled = render(facts, state, now: now)
        #expect(scrolled.canvas.line(22) == "launcher | step 35")
        #expect(scrolled.canvas.line(2).contains("scrolled up 5"))
    }

    @Test func longLogLinesWrapAndEscapesAreDefused() throws {
        let (job, _, now) = try running()
        let long = "worker-0 | " + String(repeating: "x", count: 100)
        let facts = TopFixtures.facts(job: job, log: [long, "evil \u{1B}[2J line"])
        var state = TopViewState()
        state.pane = .logs
        let lines = render(facts, state, now: now).canvas.lines
        // A short log starts under the title, as `tail` would show it.
        #expect(lines[3] == "worker-0 | " + String(repeating: "x", count: 69))
        #expect(lines[4] == String(repeating: "x", count: 31))
        #expect(lines[5] == "evil ?[2J line")
    }

    @Test func anEndedJobSaysSoAndAFailureIsDiagnosed() throws {
        let failed = try TopFixtures.golden("12-get-failed.http")
        let events = try TopFixtures.items("32-events-of-job.http")
        let created = Timestamp.parse(MPIJob(failed).creationTimestamp ?? "") ?? 0
        let frame = render(TopFixtures.facts(job: failed, events: events), now: created + 600)
        let lines = frame.canvas.lines
        #expect(lines[0].contains("Failed"))
        #expect(lines[23].hasPrefix("The job failed and has ended · q quits"))
        #expect(lines.contains { $0.hasPrefix("Diagnosis") })
        #expect(lines.contains { $0.hasPrefix("  fix ") })
        var state = TopViewState()
        state.pane = .events
        let eventLines = render(TopFixtures.facts(job: failed, events: events), state, now: created + 600).canvas.lines
        #expect(eventLines[2].hasPrefix("  LAST SEEN    TYPE     REASON"))
        #expect(eventLines.contains { $0.contains("BackoffLimitExceeded") })
        #expect(eventLines[1].contains("4 Events (3)"))
    }

    @Test func aTerminalTooSmallIsToldSo() throws {
        let (job, _, now) = try running()
        let frame = JobTopScreen(now: now).render(TopFixtures.facts(job: job), TopViewState(), width: 30, height: 8)
        #expect(frame.canvas.line(0).hasPrefix("terminal too small"))
    }

    @Test func noPodsSaysWhy() throws {
        let succeeded = try TopFixtures.golden("11-get-succeeded.http")
        var state = TopViewState()
        state.pane = .workers
        let lines = render(TopFixtures.facts(job: succeeded), state, now: Timestamp.now()).canvas.lines
        #expect(lines[2].contains("no pods left: the job has ended"))
    }
}

@Suite struct TopKeyTests {
    func facts() throws -> LiveJobFacts {
        let job = try TopFixtures.golden("13-get-running.http")
        let recorded = try TopFixtures.items("29-pods-of-job.http")[0]
        return TopFixtures.facts(job: job, pods: [
            TopFixtures.pod(from: recorded, job: "running", role: "launcher", index: nil, running: true),
            TopFixtures.pod(from: recorded, job: "running", role: "worker", index: 0, running: true),
        ])
    }

    @Test func tabAndArrowsCycleThePanes() throws {
        let facts = try facts()
        var state = TopViewState()
        #expect(state.handle(.tab, facts: facts, page: 20) == .none)
        #expect(state.pane == .workers)
        _ = state.handle(.right, facts: facts, page: 20)
        _ = state.handle(.right, facts: facts, page: 20)
        #expect(state.pane == .events)
        _ = state.handle(.tab, facts: facts, page: 20)
        #expect(state.pane == .overview)
        _ = state.handle(.backTab, facts: facts, page: 20)
        #expect(state.pane == .events)
        _ = state.handle(.character("2"), facts: facts, page: 20)
        #expect(state.pane == .workers)
    }

    @Test func lOnAWorkerRowFollowsThatWorker() throws {
        let facts = try facts()
        var state = TopViewState()
        #expect(state.handle(.character("l"), facts: facts, page: 20) == .none)
        state.pane = .workers
        _ = state.handle(.down, facts: facts, page: 20)
        _ = state.handle(.down, facts: facts, page: 20)
        #expect(state.selectedPod == 1)
        #expect(state.handle(.character("l"), facts: facts, page: 20) == .showLog(.worker(0), title: "worker-0"))
        #expect(state.pane == .logs)
        state.pane = .workers
        _ = state.handle(.up, facts: facts, page: 20)
        #expect(state.handle(.enter, facts: facts, page: 20) == .showLog(.launcher, title: "launcher"))
        #expect(state.handle(.character("a"), facts: facts, page: 20) == .showLog(.all, title: "all pods"))
    }

    @Test func quitInterruptAndScrolling() throws {
        let facts = try facts()
        var state = TopViewState()
        #expect(state.handle(.character("q"), facts: facts, page: 20) == .quit)
        #expect(state.handle(.control("c"), facts: facts, page: 20) == .interrupt)
        state.pane = .logs
        _ = state.handle(.pageUp, facts: facts, page: 10)
        #expect(state.scroll[.logs] == 9)
        _ = state.handle(.end, facts: facts, page: 10)
        #expect(state.scroll[.logs] == 0)
        _ = state.handle(.home, facts: facts, page: 10)
        state.clamp(maxScroll: 30, podCount: 2)
        #expect(state.scroll[.logs] == 30)
    }
}

@Suite struct LiveJobStoreTests {
    @Test func logLinesAreSplitAndBoundedAndEveryChangeWakes() {
        final class Counter: @unchecked Sendable { var wakes = 0 }
        let counter = Counter()
        let store = LiveJobStore(name: "pi", namespace: "ns", job: nil, wake: { counter.wakes += 1 })
        store.appendLog(Array("a\nb\n".utf8))
        store.noteLog("waiting for worker-0: ContainerCreating")
        var facts = store.snapshot()
        #expect(facts.log == [LogEntry(text: "a", isNotice: false), LogEntry(text: "b", isNotice: false),
                              LogEntry(text: "waiting for worker-0: ContainerCreating", isNotice: true)])
        #expect(counter.wakes == 2)
        for index in 0..<(LiveJobStore.logLimit * 2) { store.appendLog(Array("line \(index)\n".utf8)) }
        facts = store.snapshot()
        #expect(facts.log.count <= LiveJobStore.logLimit + LiveJobStore.logLimit / 4)
        #expect(facts.log.last?.text == "line \(LiveJobStore.logLimit * 2 - 1)")
        #expect(facts.logDropped + facts.log.count == LiveJobStore.logLimit * 2 + 3)
        store.resetLog(title: "worker-1")
        facts = store.snapshot()
        #expect(facts.log.isEmpty && facts.logTitle == "worker-1" && facts.logDropped == 0)
    }

    @Test func deletionAndAMissingJobEndTheView() {
        let store = LiveJobStore(name: "pi", namespace: "ns", job: nil, wake: {})
        store.apply(.jobListed(found: false))
        #expect(store.snapshot().deleted)
        let other = LiveJobStore(name: "pi", namespace: "ns", job: nil, wake: {})
        other.apply(.pod(["metadata": ["name": "pi-worker-0"]]))
        #expect(other.snapshot().pods.map(\.name) == ["pi-worker-0"])
        other.apply(.podDeleted(name: "pi-worker-0"))
        #expect(other.snapshot().pods.isEmpty)
    }
}
