/// How a follow ends once the job has ended: every stream is read up to that moment, by
/// data, never by a time budget.
///
/// A container that ended closes its stream by itself. One that still runs (a worker's
/// `sshd` under `cleanPodPolicy: None`) never would, and waiting for it to go quiet cuts
/// streams that still have data queued (128 busy streams are not all served every second).
/// So such a stream is replaced by its *final read*: the same request without `follow`,
/// from the stream's cursor, which the server ends once it has sent everything written up
/// to now — and now is after the job ended. Its de-duplication is the cursor's, as for any
/// resumed stream.
extension LogStreamEngine {
    func finish() {
        guard !finishing else { return }
        finishing = true
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
            case .transferring:
                if stream.target.state.isRunning { beginFinalRead(stream) }
            case .scheduled, .done:
                // A scheduled request goes out as a final read (see `request`).
                break
            }
        }
    }

    /// After `finish`, each loop turn: a followed stream whose container still runs (its state
    /// may have arrived late), or one that went quiet without its end, gets its final read.
    func settleAfterFinish(_ now: Double) {
        for stream in streams where stream.phase == .transferring && !stream.finalRead {
            if stream.target.state.isRunning || now - stream.lastDataAt >= Self.drainIdle {
                beginFinalRead(stream)
            }
        }
    }

    private func beginFinalRead(_ stream: LogStream) {
        detach(stream)
        guard options.canResume else {
            // With --limit-bytes nothing can be re-read from a cursor (the limit counts the
            // timestamps a cursor needs): stop here, and say the rest was not checked.
            complete(stream)
            say(stream, .incomplete(label: stream.target.label, pod: stream.target.pod, reason: .notResumable,
                                    lastSeen: nil))
            return
        }
        // The rest of a cut line comes again, whole, in the final read.
        stream.splitter.discardPending()
        request(stream)
    }
}

extension ContainerLogState {
    var isRunning: Bool {
        if case .running = self { return true }
        return false
    }
}
