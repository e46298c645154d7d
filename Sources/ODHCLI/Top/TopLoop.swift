import KubeClient
import MPIJobs
import TerminalUI

#if canImport(Glibc)
import Glibc
#endif

/// How `top` ended.
enum TopEnd: Sendable, Equatable {
    case quit
    /// Ctrl-C (a key in raw mode), or SIGINT/SIGTERM from elsewhere.
    case interrupted
    case deleted
    /// The job or pod watch gave up.
    case failed(ClientError)
    /// The terminal went away.
    case hungUp
}

/// `top`'s loop on the main thread: draw the facts, then sleep in poll(2) until a key, a
/// wake-up from a watch or the log engine, a resize, or the clock (ages move once a
/// second). The watches and the log follow run on their own threads and only fill the
/// store. The terminal is restored before anything else on every way out.
struct TopLoop {
    /// Frames caused by data are at most this often, so a fast log cannot keep the loop
    /// drawing; keys are answered at once.
    static let minimumFrameInterval = 0.05
    static let clockMilliseconds: Int32 = 1000

    let api: KubeAPI
    let job: MPIJob
    let color: Bool

    func run() throws -> TopEnd {
        let terminal = try FullScreenTerminal()
        let waker = terminal.waker
        let store = LiveJobStore(name: job.name, namespace: job.namespace, job: job, wake: { waker.wake() })
        let feed = try JobLiveFeed(api: api, name: job.name, namespace: job.namespace) { store.apply($0) }
        let follower = TopLogFollower(api: api, job: job, store: store)
        try feed.start()
        defer { feed.stop() }
        follower.start(.all, title: "all pods")
        defer { follower.stop() }
        try terminal.enter()
        // Declared last, so it runs first: the screen comes back before threads are joined.
        defer { terminal.restore() }

        var painter = ScreenPainter(color: color)
        var state = TopViewState()
        var lastFrame = 0.0
        while true {
            if Interrupt.requested { return .interrupted }
            let facts = store.snapshot()
            if facts.deleted { return .deleted }
            if let failure = facts.failure { return .failed(failure) }
            let size = terminal.size ?? (rows: 24, columns: 80)
            let frame = JobTopScreen(now: Timestamp.now()).render(facts, state, width: size.columns, height: size.rows)
            state.clamp(maxScroll: frame.maxScroll, podCount: facts.pods.count)
            do {
                try terminal.write(painter.paint(frame.canvas))
            } catch {
                return .hungUp
            }
            lastFrame = Monotonic.now()
            switch terminal.next(timeoutMilliseconds: Self.clockMilliseconds) {
            case .keys(let keys):
                for key in keys {
                    switch state.handle(key, facts: facts, page: frame.paneHeight) {
                    case .quit: return .quit
                    case .interrupt: return .interrupted
                    case .showLog(let selection, let title): follower.start(selection, title: title)
                    case .none: break
                    }
                }
            case .resized:
                painter.invalidate()
            case .woken:
                let wait = Self.minimumFrameInterval - (Monotonic.now() - lastFrame)
                if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
            case .timedOut:
                break
            case .hungUp:
                return .hungUp
            }
        }
    }
}
