/// One change seen by a watch, after de-duplication.
public struct WatchEvent: Sendable {
    public enum Kind: String, Sendable {
        case added = "ADDED"
        case modified = "MODIFIED"
        case deleted = "DELETED"
    }

    public var kind: Kind
    public var object: JSON
}

public enum WatchDecision: Sendable {
    case proceed
    case stop
}

/// How a watch ended when it did not throw.
public enum WatchEnd: Sendable, Equatable {
    /// The handler asked to stop.
    case stopped
    /// The caller's deadline passed.
    case deadline
}

/// List, then watch from the list's resourceVersion, as client-go's reflector does:
/// a stream that ends or drops is resumed from the last resourceVersion seen (bookmarks
/// included); a `410 Gone` means the history is compacted, so it lists again and reports
/// only what changed meanwhile. Objects are remembered by namespace/name with their
/// resourceVersion, so no change is shown twice and none is lost across reconnects.
public final class ListWatcher {
    let api: KubeAPI
    let collectionPath: String
    let query: [(String, String)]
    /// Consecutive failed reconnects tolerated before giving up.
    public var maxReconnectFailures = 8
    /// Objects per list request; 0 lists in one request (see `KubeAPI.list`).
    public var chunkSize = 0

    private var known: [String: String] = [:]
    private var resourceVersion = ""

    public init(api: KubeAPI, collectionPath: String, query: [(String, String)] = []) {
        self.api = api
        self.collectionPath = collectionPath
        self.query = query
    }

    public static func key(_ object: JSON) -> String {
        (object[path: "metadata", "namespace"]?.stringValue ?? "") + "/"
            + (object[path: "metadata", "name"]?.stringValue ?? "")
    }

    /// Lists (emitting ADDED for each existing object), then streams changes until the
    /// handler stops, the deadline (monotonic seconds) passes, or an error is not recoverable.
    /// `onListed` runs once after the initial list's events, before any watching.
    public func run(deadline: Double?, handler: (WatchEvent) throws -> WatchDecision,
                    onListed: () throws -> WatchDecision = { .proceed }) throws -> WatchEnd {
        if case .stop = try relist(handler: handler, initial: true) { return .stopped }
        if case .stop = try onListed() { return .stopped }
        var failures = 0
        while true {
            if let deadline, Monotonic.now() >= deadline { return .deadline }
            if Interrupt.requested { throw ClientError.transport(TransportError(kind: .interrupted, message: "interrupted")) }
            let outcome = try watchOnce(deadline: deadline, handler: handler)
            switch outcome {
            case .stopped: return .stopped
            case .deadline: return .deadline
            case .expired:
                failures = 0
                if case .stop = try relist(handler: handler, initial: false) { return .stopped }
            case .ended(let quietly):
                // The server closes watches after its timeout: a normal reconnect. One that
                // closes at once without a byte (a proxy, an overloaded server) would make
                // this loop spin: pause before asking again.
                failures = 0
                if quietly && !Sleep.seconds(1) {
                    throw ClientError.transport(TransportError(kind: .interrupted, message: "interrupted"))
                }
            case .failed(let error):
                failures += 1
                if failures > maxReconnectFailures { throw error }
                let wait = min(5.0, 0.2 * Double(1 << min(failures, 5)))
                if !Sleep.seconds(wait) {
                    throw ClientError.transport(TransportError(kind: .interrupted, message: "interrupted"))
                }
            }
        }
    }

    private enum StreamOutcome {
        case stopped, deadline, expired
        /// `quietly`: within a second of opening, without a single line.
        case ended(quietly: Bool)
        case failed(ClientError)
    }

    private func relist(handler: (WatchEvent) throws -> WatchDecision, initial: Bool) throws -> WatchDecision {
        var seen = Set<String>()
        var events: [WatchEvent] = []
        // The whole list first: an attempt that starts over must not have touched `known`.
        var collector = ItemCollector()
        resourceVersion = try api.list(collectionPath, query: query, chunkSize: chunkSize, into: &collector)
        for object in collector.items {
            let key = Self.key(object)
            seen.insert(key)
            let version = object[path: "metadata", "resourceVersion"]?.stringValue ?? ""
            if let previous = known[key] {
                if previous != version { events.append(WatchEvent(kind: .modified, object: object)) }
            } else {
                events.append(WatchEvent(kind: .added, object: object))
            }
            known[key] = version
        }
        if !initial {
            // Objects gone while we could not watch: report them deleted, once.
            for key in known.keys.sorted() where !seen.contains(key) {
                known[key] = nil
                let parts = key.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                var metadata = JSONObject()
                if !parts[0].isEmpty { metadata["namespace"] = .string(parts[0]) }
                metadata["name"] = .string(parts.count > 1 ? parts[1] : "")
                events.append(WatchEvent(kind: .deleted, object: .object(JSONObject([("metadata", .object(metadata))]))))
            }
        }
        for event in events {
            if case .stop = try handler(event) { return .stop }
        }
        return .proceed
    }

    private func watchOnce(deadline: Double?, handler: (WatchEvent) throws -> WatchDecision) throws -> StreamOutcome {
        var parameters = query
        parameters += [("watch", "1"), ("allowWatchBookmarks", "true"), ("resourceVersion", resourceVersion)]
        if let deadline {
            let remaining = Int((deadline - Monotonic.now()).rounded(.up))
            if remaining <= 0 { return .deadline }
            parameters.append(("timeoutSeconds", String(min(remaining + 1, 1800))))
        }
        let request = HTTPRequest(path: collectionPath + QueryString.encode(parameters),
                                  headers: [("Accept", "application/json")], timeout: 0)
        var reader = WatchFrameReader()
        var outcome: StreamOutcome = .ended(quietly: false)
        let opened = Monotonic.now()
        var lines = 0
        var thrown: (any Error)?
        let response: HTTPResponse
        do {
            response = try api.transport.stream(request, deadline: deadline) { chunk in
                for line in reader.lines(chunk) {
                    lines += 1
                    do {
                        switch try self.handleLine(line, handler: handler) {
                        case .none: continue
                        case .some(let end):
                            outcome = end
                            return .stop
                        }
                    } catch {
                        thrown = error
                        return .stop
                    }
                }
                return .proceed
            }
        } catch {
            if error.kind == .interrupted { throw ClientError.transport(error) }
            return .failed(.transport(error))
        }
        if let thrown { throw thrown }
        if !(200..<300).contains(response.status) {
            let status = APIStatus.from(response: response)
            if status.code == 410 { return .expired }
            let error = ClientError.api(status)
            // Authorization and missing resources do not heal by reconnecting.
            if [401, 403, 404, 400].contains(status.code) { throw error }
            return .failed(error)
        }
        if case .ended = outcome {
            if let deadline, Monotonic.now() >= deadline { return .deadline }
            return .ended(quietly: lines == 0 && Monotonic.now() - opened < 1)
        }
        return outcome
    }

    /// nil: keep reading; a value: end this stream with that outcome.
    private func handleLine(_ line: [UInt8], handler: (WatchEvent) throws -> WatchDecision) throws -> StreamOutcome? {
        switch try WatchFrameReader.decode(line) {
        case .bookmark(let version):
            if let version { resourceVersion = version }
            return nil
        case .error(let status):
            if status.code == 410 { return .expired }
            throw ClientError.api(status)
        case .change(let type, let object):
            let version = object[path: "metadata", "resourceVersion"]?.stringValue
            if let version { resourceVersion = version }
            let key = Self.key(object)
            let kind: WatchEvent.Kind
            if type == "DELETED" {
                guard known.removeValue(forKey: key) != nil else { return nil }
                kind = .deleted
            } else {
                if let version, known[key] == version { return nil }
                kind = known[key] == nil ? .added : .modified
                known[key] = version ?? ""
            }
            if case .stop = try handler(WatchEvent(kind: kind, object: object)) { return .stopped }
            return nil
        }
    }
}
