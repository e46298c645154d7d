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
    /// After `finish`, a stream of a container that is still running (sshd workers with
    /// cleanPodPolicy None) is closed once quiet this long, and any stream after `drainLimit`.
    static let drainIdle = 1.0
    static let drainLimit = 10.0
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
    var finishedAt = 0.0
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
    public func run(_ targets: [LogTarget], deadline: Double? = nil) -> Outcome {
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
            takeCommands()
            startDue(now)
            if options.grouped { advance() }
            multi.perform()
            collectFinished()
            if options.grouped { advance() }
            if finishing { closeDrained(Monotonic.now()) }
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

    private var allDone: Bool {
        (!options.follow || finishing) && streams.allSatisfy { $0.phase == .done }
    }

    // MARK: Commands

    private func takeCommands() {
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
    private func begin(_ stream: LogStream) {
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

    private func update(_ stream: LogStream, state: ContainerLogState) {
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

    private func finish() {
        guard !finishing else { return }
        finishing = true
        finishedAt = Monotonic.now()
        absent.removeAll()
        for stream in streams {
            switch stream.phase {
            case .waitingToStart:
                if case .waiting(let reason) = stream.target.state {
                    stream.phase = .done
                    say(stream, .notStarted(label: stream.target.label, reason: reason))
                } else {
                    // The pod said started while the server still said waiting: one last look.
                    request(stream)
                }
            case .held:
                stream.phase = .done
            case .scheduled, .transferring, .done:
                break
            }
        }
    }

    // MARK: Requests

    func request(_ stream: LogStream) {
        let tailOrSince = options.tailLines != nil || options.sinceSeconds != nil
        var since = stream.cursor.sinceTime
        if since == nil, stream.answered, tailOrSince, !stream.target.readFromStart {
            // Seen nothing yet, but the first read skipped what came before it: go on from then.
            since = stream.firstAnswerTime
        }
        if !stream.cursor.isEmpty { stream.cursor.resume() }
        let path = LogRequest.path(stream.target, options: options, since: since, firstRead: !stream.answered)
        do {
            try stream.prepare(path: path)
            try multi.add(stream.easy)
        } catch {
            stream.phase = .done
            say(stream, .unavailable(label: stream.target.label, pod: stream.target.pod, problem: .connection(error)))
            return
        }
        stream.lastDataAt = Monotonic.now()
        stream.phase = .transferring
    }

    func schedule(_ stream: LogStream, after delay: Double) {
        stream.phase = .scheduled(at: Monotonic.now() + delay)
    }

    static func backoff(_ attempt: Int) -> Double {
        min(reconnectMax, reconnectBase * Double(1 << min(max(attempt - 1, 0), 8)))
    }

    private func startDue(_ now: Double) {
        for stream in streams {
            switch stream.phase {
            case .scheduled(let at) where at <= now:
                request(stream)
            case .waitingToStart(let at) where at <= now:
                // The pod watch is the authority on "started": while it says waiting, the
                // server is not asked (no polling); only a started container is asked again.
                if case .waiting(let reason) = stream.target.state, !options.previous {
                    waitToStart(stream, reason: reason)
                } else {
                    request(stream)
                }
            default:
                continue
            }
        }
        for (label, entry) in absent where !entry.told && now - entry.since >= Self.waitingGrace {
            absent[label] = (entry.since, true)
            flushBatch()
            sink.notice(.waiting(label: label, reason: "no pod yet"))
        }
    }

    private func pollTimeout(_ now: Double) -> Int32 {
        var wait = Double(Self.pollMilliseconds) / 1000
        for stream in streams {
            switch stream.phase {
            case .scheduled(let at), .waitingToStart(let at): wait = min(wait, max(0, at - now))
            default: continue
            }
        }
        for entry in absent.values where !entry.told { wait = min(wait, max(0, entry.since + Self.waitingGrace - now)) }
        return Int32((wait * 1000).rounded(.up))
    }

    private func collectFinished() {
        while let (handle, code) = multi.nextFinished() {
            guard let stream = byHandle[handle] else { continue }
            multi.remove(stream.easy)
            ended(stream, code: code)
        }
    }

    /// After `finish`: streams of containers still running are closed once quiet.
    private func closeDrained(_ now: Double) {
        for stream in streams where stream.phase == .transferring {
            let stillRunning: Bool
            if case .running = stream.target.state { stillRunning = true } else { stillRunning = false }
            if (stillRunning && now - stream.lastDataAt >= Self.drainIdle) || now - finishedAt >= Self.drainLimit {
                detach(stream)
                complete(stream)
            }
        }
    }

    /// Ends a transfer that is still open (for `-v`, it is logged like a finished one).
    private func detach(_ stream: LogStream) {
        multi.remove(stream.easy)
        if let prepared = stream.prepared {
            logger?.log(prepared.log(status: stream.status, responseHeaders: stream.transfer.headers, bodyBytes: 0))
        }
        stream.prepared = nil
    }

    // MARK: Lines

    /// libcurl's write callback: one chunk of one stream.
    func receive(_ stream: LogStream, _ chunk: UnsafeRawBufferPointer) -> Int {
        if end != nil { return 0 }
        guard (200..<300).contains(stream.status) else {
            // An error answer is a Status object: kept (bounded) to explain it.
            let room = Self.errorBodyLimit - stream.transfer.body.count
            if room > 0 { stream.transfer.body.append(contentsOf: chunk.prefix(room)) }
            return chunk.count
        }
        if options.grouped && stream.index != current {
            stream.paused = true
            return Int(CURL_WRITEFUNC_PAUSE)
        }
        stream.lastDataAt = Monotonic.now()
        if !stream.announced { announce(stream) }
        stream.splitter.feed(chunk) { line in emit(stream, line) }
        if batch.count >= Self.batchLimit { flushBatch() }
        return end == nil ? chunk.count : 0
    }

    /// One whole line into the batch: prefix, text (timestamp cut off unless asked for), newline.
    func emit(_ stream: LogStream, _ line: UnsafeRawBufferPointer) {
        var text = line
        if options.requestTimestamps, let base = line.baseAddress, line.count >= 20,
            let space = memchr(base, 0x20, min(line.count, 48))
        {
            let cut = base.distance(to: UnsafeRawPointer(space))
            let stamp = UnsafeRawBufferPointer(start: base, count: cut)
            // Only a real timestamp moves the cursor (a piece of an over-long line has none).
            if cut >= 20 && stamp[4] == UInt8(ascii: "-") && stamp[10] == UInt8(ascii: "T") {
                if options.canResume && !stream.cursor.admit(stamp) { return }
                if !options.showTimestamps {
                    text = UnsafeRawBufferPointer(start: base + cut + 1, count: line.count - cut - 1)
                }
            }
        }
        stream.linesThisRequest += 1
        lines += 1
        batch.append(contentsOf: stream.target.prefix)
        batch.append(contentsOf: text)
        batch.append(0x0A)
    }

    func flushBatch() {
        guard end != .sinkClosed else { return }
        do {
            if !batch.isEmpty {
                try sink.write(batch)
                batch.removeAll(keepingCapacity: true)
            }
            try sink.flush()
        } catch {
            batch.removeAll(keepingCapacity: true)
            end = .sinkClosed
        }
    }

    // MARK: Notices and order

    /// A notice about a stream; with grouped output it waits for that stream's turn.
    func say(_ stream: LogStream, _ notice: LogNotice) {
        if options.grouped && (stream.index > current || !stream.announced) {
            stream.deferred.append(notice)
            return
        }
        flushBatch()
        sink.notice(notice)
    }

    private func announce(_ stream: LogStream) {
        stream.announced = true
        guard stream.target.header != nil || !stream.deferred.isEmpty else { return }
        flushBatch()
        if let header = stream.target.header { sink.notice(.header(label: stream.target.label, text: header)) }
        for notice in stream.deferred { sink.notice(notice) }
        stream.deferred.removeAll()
    }

    /// Grouped output: moves the turn past finished streams and lets the next one flow.
    private func advance() {
        while current < streams.count, end == nil {
            let stream = streams[current]
            if !stream.announced { announce(stream) }
            if stream.phase != .done {
                if stream.paused {
                    stream.paused = false
                    _ = odh_curl_unpause(stream.easy.raw)
                }
                return
            }
            current += 1
        }
    }
}
