import CCurl
import CCurlShim

#if canImport(Glibc)
import Glibc
#endif

/// Reads the logs of many containers at once and hands whole lines to a sink.
///
/// One thread (the caller of `run`) drives every stream through a libcurl multi handle:
/// each stream has its own connection, all are read concurrently, and lines are cut and
/// prefixed in place (no allocation per line) into one batch that goes to the sink in a
/// single write per loop turn. Other threads (the watches of a follow) talk to the engine
/// only through `post`, which wakes the loop.
///
/// Without `follow`, logs are shown whole, one target after another in the order given,
/// while every request is in flight at once: the streams not yet shown are paused by
/// libcurl (the data waits in the socket), so order costs no memory. With `follow`, lines
/// interleave as they arrive, dropped streams resume from their cursor, and the run ends
/// once `finish` was posted and every stream has drained.
public final class LogStreamEngine: @unchecked Sendable {
    // @unchecked: everything except the inbox is used only by the thread inside `run`;
    // `post` touches the inbox under its lock and wakes the loop.

    public enum End: Sendable, Equatable {
        /// Every stream was read to its end (after `finish`, when following).
        case completed
        /// The sink refused more lines (`| head`).
        case sinkClosed
        /// Ctrl-C.
        case interrupted
        /// The caller's deadline passed.
        case deadline
        /// Nothing can be read (401/403), or a watch feeding the engine failed.
        case failed(ClientError)
    }

    public struct Outcome: Sendable {
        public var end: End
        /// Targets whose log could be read (the server answered 2xx).
        public var readableTargets: Int
        public var lines: Int
    }

    /// What other threads may tell a running engine.
    public enum Command: Sendable {
        /// A new target (a pod that appeared); an already known id only updates its state.
        case add(LogTarget)
        /// The container's state changed (started, ended, restarted, deleted).
        case update(id: String, state: ContainerLogState)
        case notice(LogNotice)
        /// No target will be added any more: end once every stream has drained.
        case finish
        case abort(ClientError)
        /// Following: these labels have no pod yet; said once each if none appears soon.
        case absent(labels: [String])
    }

    // Tuning: why each number is what it is.
    /// First reconnect delay; doubled per consecutive failure up to `reconnectMax`.
    static let reconnectBase = 0.25
    static let reconnectMax = 5.0
    /// Consecutive failed attempts on one stream before it is given up.
    static let maxFailures = 10
    /// A container the server called waiting while its pod said started is asked again
    /// this soon (the pod watch and the kubelet disagree only briefly).
    static let waitingRetry = 2.0
    /// Following, "waiting for X" is said only for what is still waiting after this long:
    /// every pod passes through Pending and ContainerCreating, and saying so is noise.
    static let waitingGrace = 2.0
    /// After `finish`, a followed stream of a container that ended but has sent nothing for
    /// this long is given its final read (a request without follow) instead of more waiting.
    static let drainIdle = 1.0
    /// The loop looks at Ctrl-C, timers and posted commands at least this often.
    static let pollMilliseconds: Int32 = 100
    static let batchLimit = 64 * 1024
    static let errorBodyLimit = 64 * 1024

    let settings: ConnectionSettings
    let logger: RequestLogger?
    let options: LogOptions
    let sink: any LogSink
    let multi: CurlMulti

    var streams: [LogStream] = []
    var byHandle: [UnsafeMutableRawPointer: LogStream] = [:]
    var byID: [String: LogStream] = [:]
    var batch: [UInt8] = []
    /// Grouped output: the stream whose lines are shown now.
    var current = 0
    var finishing = false
    var end: End?
    var readable = 0
    var lines = 0
    /// Following: labels without a pod, since when, and whether that was said.
    var absent: [String: (since: Double, told: Bool)] = [:]

    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private var inbox: [Command] = []

    /// Streams reach the server as `api` does: same TLS material, credentials and impersonation.
    public init(api: KubeAPI, options: LogOptions, sink: any LogSink) throws(ClientError) {
        settings = api.context.settings
        logger = api.transport.logger
        self.options = options
        self.sink = sink
        do {
            multi = try CurlMulti()
        } catch {
            throw .transport(error)
        }
        lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        batch.reserveCapacity(Self.batchLimit + 4096)
    }

    deinit {
        for stream in streams { multi.remove(stream.easy) }
        pthread_mutex_destroy(lock)
        lock.deallocate()
    }

    /// From any thread.
    public func post(_ command: Command) {
        pthread_mutex_lock(lock)
        inbox.append(command)
        pthread_mutex_unlock(lock)
        multi.wakeup()
    }

    /// Reads until every target is done (and, following, `finish` was posted), the sink
    /// closes, Ctrl-C, or `deadline` (monotonic seconds).
    /// `startDeadline`: give up (`.deadline`) if no stream has answered by then — kubectl's
    /// `--pod-running-timeout`.
    public func run(_ targets: [LogTarget], deadline: Double? = nil, startDeadline: Double? = nil) -> Outcome {
        for target in targets { add(target) }
        while end == nil {
            if Interrupt.requested {
                end = .interrupted
                break
            }
            let now = Monotonic.now()
            if let deadline, now >= deadline {
                end = .deadline
                break
            }
            if let startDeadline, readable == 0, now >= startDeadline {
                end = .deadline
                break
            }
            takeCommands()
            startDue(now)
            if options.grouped { advance() }
            multi.perform()
            collectFinished()
            if options.grouped { advance() }
            if finishing { settleAfterFinish(Monotonic.now()) }
            flushBatch()
            if end == nil && allDone {
                end = .completed
                break
            }
            if end == nil { multi.poll(milliseconds: pollTimeout(Monotonic.now())) }
        }
        if end != .sinkClosed { flushBatch() }
        for stream in streams where stream.phase == .transferring {
            detach(stream)
            stream.phase = .done
        }
        return Outcome(end: end ?? .completed, readableTargets: readable, lines: lines)
    }

    var allDone: Bool {
        (!options.follow || finishing) && streams.allSatisfy { $0.phase == .done }
    }

    // MARK: Commands

    func takeCommands() {
        pthread_mutex_lock(lock)
        let commands = inbox
        inbox.removeAll()
        pthread_mutex_unlock(lock)
        for command in commands {
            switch command {
            case .add(let target): add(target)
            case .update(let id, let state): byID[id].map { update($0, state: state) }
            case .notice(let notice):
                flushBatch()
                sink.notice(notice)
            case .finish: finish()
            case .abort(let error): if end == nil { end = .failed(error) }
            case .absent(let labels):
                let now = Monotonic.now()
                for label in labels where !streams.contains(where: { $0.target.label == label }) {
                    absent[label] = absent[label] ?? (now, false)
                }
            }
        }
    }

    func add(_ target: LogTarget) {
        if let known = byID[target.id] {
            update(known, state: target.state)
            return
        }
        let stream: LogStream
        do {
            stream = try LogStream(engine: self, index: streams.count, target: target,
                                   easy: try CurlEasyHandle(settings: settings))
        } catch {
            flushBatch()
            sink.notice(.unavailable(label: target.label, pod: target.pod, problem: .connection(error)))
            return
        }
        streams.append(stream)
        absent[target.label] = nil
        byID[target.id] = stream
        byHandle[stream.easy.raw] = stream
        begin(stream)
    }

    /// The first step for a new target: read it, or wait for it to start.
    func begin(_ stream: LogStream) {
        switch stream.target.state {
        case .gone:
            stream.phase = .done
            say(stream, .unavailable(label: stream.target.label, pod: stream.target.pod, problem: .podGone))
        case .waiting(let reason) where !options.previous:
            waitToStart(stream, reason: reason)
        default:
            request(stream)
        }
    }

    /// Following: wait, and say so (once per reason) if it lasts beyond the grace;
    /// otherwise there is nothing to read.
    func waitToStart(_ stream: LogStream, reason: String) {
        if options.follow && !finishing {
            let now = Monotonic.now()
            let graceOver = stream.seenAt + Self.waitingGrace
            if now >= graceOver, stream.waitingReasonTold != reason {
                stream.waitingReasonTold = reason
                say(stream, .waiting(label: stream.target.label, reason: reason))
            }
            stream.phase = .waitingToStart(retryAt: now < graceOver ? graceOver : now + Self.waitingRetry)
        } else {
            stream.phase = .done
            say(stream, .notStarted(label: stream.target.label, reason: reason))
        }
    }

    func update(_ stream: LogStream, state: ContainerLogState) {
        stream.target.state = state
        switch stream.phase {
        case .waitingToStart:
            if state == .gone {
                stream.phase = .done
            } else if state.hasStarted {
                request(stream)
            } else if case .waiting(let reason) = state {
                waitToStart(stream, reason: reason)
            }
        case .held:
            if state == .gone {
                stream.phase = .done
            } else if state.hasStarted, LogStream.instance(state) != LogStream.instance(stream.stateAtRequest) {
                // The container runs again (a restart): read on from the cursor.
                request(stream)
            }
        case .scheduled, .transferring, .done:
            // A transfer in flight ends by itself and then looks at the new state.
            break
        }
    }
}
