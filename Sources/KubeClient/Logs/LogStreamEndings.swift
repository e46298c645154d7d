import CCurl
import CCurlShim

/// What happens when a transfer ends: the stream is done, resumes, or waits for its
/// container. This is where "dropped" is told from "drained".
extension LogStreamEngine {
    func ended(_ stream: LogStream, code: CURLcode) {
        let status = stream.status
        if let prepared = stream.prepared {
            logger?.log(prepared.log(status: status, responseHeaders: stream.transfer.headers, bodyBytes: 0))
        }
        stream.prepared = nil
        stream.paused = false
        if end != nil { return }
        if (200..<300).contains(status) {
            if !stream.answered {
                stream.answered = true
                readable += 1
                stream.firstAnswerTime = stream.response.header("Date").flatMap(HTTPDate.rfc3339)
            }
            stream.lastEndClean = code == CURLE_OK
            if code == CURLE_OK {
                stream.failures = 0
                if let limit = options.limitBytes, stream.bytesThisRequest >= limit {
                    complete(stream)
                    say(stream, incomplete(stream, .limitReached(bytes: limit)))
                } else if stream.finalRead {
                    complete(stream)
                } else {
                    endedCleanly(stream)
                }
            } else {
                dropped(stream, error: stream.easy.classify(code, bytesReceived: stream.linesThisRequest))
            }
        } else if status >= 300 {
            refused(stream, LogRequest.classify(APIStatus.from(response: stream.response)))
        } else {
            dropped(stream, error: stream.easy.classify(code, bytesReceived: 0))
        }
    }

    /// The server closed the stream properly. Without follow that is the end. Following,
    /// it is the end only if the container had already ended when this request went out
    /// (the request then read that run to its end); otherwise it may have been a drop, or
    /// the container ended mid-read and the server stopped short: read on from the cursor.
    private func endedCleanly(_ stream: LogStream) {
        guard options.follow, options.canResume else {
            complete(stream)
            return
        }
        switch stream.target.state {
        case .gone:
            complete(stream)
        case .terminated(let instance, let final):
            if case .terminated(let readInstance, _)? = stream.stateAtRequest, readInstance == instance {
                stream.splitter.finish { emit(stream, $0) }
                stream.phase = final || finishing ? .done : .held
            } else {
                stream.splitter.discardPending()
                schedule(stream, after: 0)
            }
        case .running:
            stream.emptyEnds = stream.linesThisRequest == 0 ? stream.emptyEnds + 1 : 0
            if finishing && stream.emptyEnds >= 2 {
                complete(stream)
                return
            }
            // The rest of a cut line comes again, whole, in the resumed read.
            stream.splitter.discardPending()
            schedule(stream, after: stream.emptyEnds == 0 ? 0 : Self.backoff(stream.emptyEnds))
        case .waiting:
            // Read, and now waiting again: a restart is on its way.
            stream.splitter.finish { emit(stream, $0) }
            stream.phase = finishing ? .done : .held
        }
    }

    /// The connection failed or broke mid-stream: resume from the cursor after a backoff.
    private func dropped(_ stream: LogStream, error: TransportError) {
        stream.failures += 1
        if stream.target.state == .gone {
            // Cut off and then deleted: whatever came after the cut is lost with the pod.
            complete(stream)
            say(stream, stream.answered ? incomplete(stream, .podDeleted)
                : .unavailable(label: stream.target.label, pod: stream.target.pod, problem: .podGone))
            return
        }
        guard options.canResume, stream.failures <= Self.maxFailures else {
            complete(stream)
            say(stream, stream.answered ? incomplete(stream, .connection(error))
                : .unavailable(label: stream.target.label, pod: stream.target.pod, problem: .connection(error)))
            return
        }
        stream.splitter.discardPending()
        schedule(stream, after: Self.backoff(stream.failures))
    }

    private func refused(_ stream: LogStream, _ refusal: LogRequest.Refusal) {
        let label = stream.target.label
        let pod = stream.target.pod
        switch refusal {
        case .waiting(let serverReason):
            // The pod's own reason (ImagePullBackOff) says more than the server's prose.
            if case .waiting(let reason) = stream.target.state {
                waitToStart(stream, reason: reason)
            } else {
                waitToStart(stream, reason: serverReason)
            }
        case .noPreviousRun:
            complete(stream)
            say(stream, .unavailable(label: label, pod: pod, problem: .noPreviousRun(container: stream.target.container)))
        case .gone:
            complete(stream)
            if !stream.answered {
                say(stream, .unavailable(label: label, pod: pod, problem: .podGone))
            } else if !stream.lastEndClean {
                // A resumed read found the pod deleted: the lines after the cut went with it.
                say(stream, incomplete(stream, .podDeleted))
            }
            // Else the server had ended the stream properly (the container's end): all was read.
        case .transient(let status):
            stream.failures += 1
            if stream.failures > Self.maxFailures {
                complete(stream)
                say(stream, .unavailable(label: label, pod: pod, problem: .refused(status)))
            } else {
                schedule(stream, after: max(status.retryAfterSeconds ?? 0, Self.backoff(stream.failures)))
            }
        case .fatal(let status):
            complete(stream)
            end = .failed(.api(status))
        case .failed(let status):
            complete(stream)
            say(stream, .unavailable(label: label, pod: pod, problem: .refused(status)))
        }
    }

    /// Done for good: an unterminated last line goes out with a newline.
    func complete(_ stream: LogStream) {
        stream.splitter.finish { emit(stream, $0) }
        stream.phase = .done
    }

    func incomplete(_ stream: LogStream, _ reason: LogIncompleteness) -> LogNotice {
        .incomplete(label: stream.target.label, pod: stream.target.pod, reason: reason, lastSeen: stream.cursor.sinceTime)
    }
}
