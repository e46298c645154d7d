import CCurl
import CCurlShim

/// Sending requests, reconnect timers and the transfers libcurl reports finished.
extension LogStreamEngine {
    func request(_ stream: LogStream) {
        let tailOrSince = options.tailLines != nil || options.sinceSeconds != nil
        var since = stream.cursor.sinceTime
        if since == nil, stream.answered, tailOrSince, !stream.target.readFromStart {
            // Seen nothing yet, but the first read skipped what came before it: go on from then.
            since = stream.firstAnswerTime
        }
        if !stream.cursor.isEmpty { stream.cursor.resume() }
        // Once the job has ended, every request is a final read (see LogStreamFinish).
        stream.finalRead = finishing && options.canResume
        let path = LogRequest.path(stream.target, options: options, since: since, firstRead: !stream.answered,
                                   follow: options.follow && !stream.finalRead)
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

    func startDue(_ now: Double) {
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

    func pollTimeout(_ now: Double) -> Int32 {
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

    func collectFinished() {
        while let (handle, code) = multi.nextFinished() {
            guard let stream = byHandle[handle] else { continue }
            multi.remove(stream.easy)
            ended(stream, code: code)
        }
    }

    /// Ends a transfer that is still open (for `-v`, it is logged like a finished one).
    func detach(_ stream: LogStream) {
        multi.remove(stream.easy)
        if let prepared = stream.prepared {
            logger?.log(prepared.log(status: stream.status, responseHeaders: stream.transfer.headers, bodyBytes: 0))
        }
        stream.prepared = nil
    }

}
