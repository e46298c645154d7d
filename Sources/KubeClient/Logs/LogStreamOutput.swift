import CCurl
import CCurlShim

#if canImport(Glibc)
import Glibc
#endif

/// Chunks in, whole prefixed lines out; notices kept in order with the lines they belong to.
extension LogStreamEngine {
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
        stream.bytesThisRequest += chunk.count
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

    func announce(_ stream: LogStream) {
        stream.announced = true
        guard stream.target.header != nil || !stream.deferred.isEmpty else { return }
        flushBatch()
        if let header = stream.target.header { sink.notice(.header(label: stream.target.label, text: header)) }
        for notice in stream.deferred { sink.notice(notice) }
        stream.deferred.removeAll()
    }

    /// Grouped output: moves the turn past finished streams and lets the next one flow.
    func advance() {
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
