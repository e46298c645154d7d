/// Receives a list's items as they arrive (see `KubeAPI.list`).
public protocol ListSink {
    /// The list starts, or starts again after a failure: anything kept from an earlier
    /// attempt belongs to another snapshot and must be dropped.
    mutating func restart()
    /// One element of `items`, the bytes the server sent (valid only during the call).
    mutating func item(_ bytes: UnsafeBufferPointer<UInt8>) throws(ClientError)
}

/// Keeps every item, parsed: for the small lists a command reads whole (a job's pods, events).
public struct ItemCollector: ListSink {
    public private(set) var items: [JSON] = []
    /// Items without `metadata.managedFields`, for readers that never look at them.
    let omittingManagedFields: Bool

    public init(omittingManagedFields: Bool = false) { self.omittingManagedFields = omittingManagedFields }

    public mutating func restart() { items.removeAll() }

    public mutating func item(_ bytes: UnsafeBufferPointer<UInt8>) throws(ClientError) {
        items.append(try ListItem.parse(bytes, omittingManagedFields: omittingManagedFields))
    }
}

/// Keeps only the items' names (`metadata.name`).
public struct NameCollector: ListSink {
    public private(set) var names: [String] = []

    public init() {}

    public mutating func restart() { names.removeAll() }

    public mutating func item(_ bytes: UnsafeBufferPointer<UInt8>) throws(ClientError) {
        let item = try ListItem.parse(bytes, omittingManagedFields: true)
        if let name = item[path: "metadata", "name"]?.stringValue { names.append(name) }
    }
}

public enum ListItem {
    /// Parses one element of `items`; a broken one means the server's answer is malformed.
    /// `omittingManagedFields`: for a reader that never writes the object out (JSONParser).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, omittingManagedFields: Bool = false)
        throws(ClientError) -> JSON
    {
        try parse(bytes, projection: omittingManagedFields ? .withoutManagedFields : .whole)
    }

    /// Builds only what `projection` keeps of the element (the rest is checked, not built).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, projection: JSONProjection)
        throws(ClientError) -> JSON
    {
        let value: JSON
        do {
            value = try JSONParser.parse(bytes: bytes, projection: projection)
        } catch {
            throw .malformedResponse("the server's list has an item that is not valid JSON (\(error))")
        }
        guard case .object = value else {
            throw .malformedResponse("the server's list has an item that is a \(value.kindName), not an object")
        }
        return value
    }
}

/// One object as the server sent it: printed from its bytes, parsed only when a field is needed.
public struct RawObject: Sendable {
    public let bytes: [UInt8]

    public func parsed() throws(ClientError) -> JSON {
        try bytes.withUnsafeBufferPointer { (buffer) throws(ClientError) in try ListItem.parse(buffer) }
    }
}

extension KubeAPI {
    /// GET of one object kept as bytes; its kind is checked by a scan, not a parse (for `-o json`,
    /// which prints the bytes as they are).
    public func getRaw(_ path: String, expectKind: String) throws(ClientError) -> RawObject {
        let request = HTTPRequest(path: path, headers: [("Accept", "application/json")])
        let response = try send(request)
        let kind = response.body.withUnsafeBufferPointer { JSONPrettyCopy.topLevelString("kind", in: $0) }
        if kind != expectKind {
            // Not simply that kind: the parse says precisely what is wrong (or finds it right after all).
            _ = try KubeAPI.decode(response, expectKind: expectKind, what: "\(request.method) \(request.path)")
        }
        return RawObject(bytes: response.body)
    }

    /// Lists a collection, handing each item to `sink` as its bytes arrive (nothing holds the
    /// whole body or a tree of it). Returns the list's resourceVersion.
    ///
    /// `chunkSize` 0 asks for everything in one request: since Kubernetes 1.31 a consistent
    /// list without `limit` is served from the apiserver's watch cache, while every `continue`
    /// page is an etcd read (docs/performance.md). A positive `chunkSize` pages as kubectl
    /// does. The result is always one snapshot: the sink hears `restart()` before each
    /// attempt, and if a `continue` token expires (410: the history it pointed into was
    /// compacted) the list is read again in one piece, as client-go's pager does. Failures
    /// worth retrying (429, 503, a lost connection) start the list over after the backoff.
    public func list<Sink: ListSink>(_ path: String, query: [(String, String)] = [], chunkSize: Int = 0,
                                     expectKind: String? = nil, into sink: inout Sink) throws(ClientError) -> String
    {
        let started = Monotonic.now()
        var attempt = 0
        var limit = max(0, chunkSize)
        while true {
            attempt += 1
            sink.restart()
            let failure: ClientError
            do {
                return try readPages(path, query: query, limit: limit, expectKind: expectKind, into: &sink)
            } catch {
                switch error {
                case .continueExpired:
                    limit = 0
                    attempt -= 1
                    continue
                case .failed(let error):
                    failure = error
                }
            }
            let request = HTTPRequest(path: path)
            guard let wait = retry.delay(after: failure, attempt: attempt, request: request,
                                         elapsed: Monotonic.now() - started)
            else { throw failure }
            if !Sleep.seconds(wait) {
                throw .transport(TransportError(kind: .interrupted, message: "interrupted"))
            }
        }
    }

    /// Every item of a small list, parsed, without `metadata.managedFields`: the lists read
    /// this way (pods, events, queues, jobs of other kinds) are read for what they say, and an
    /// object printed is printed without them (as kubectl does).
    public func listItems(_ path: String, query: [(String, String)] = [], expectKind: String? = nil)
        throws(ClientError) -> [JSON]
    {
        var collector = ItemCollector(omittingManagedFields: true)
        _ = try list(path, query: query, expectKind: expectKind, into: &collector)
        return collector.items
    }

    private enum AttemptError: Error {
        case continueExpired
        case failed(ClientError)
    }

    private func readPages<Sink: ListSink>(_ path: String, query: [(String, String)], limit: Int,
                                           expectKind: String?, into sink: inout Sink) throws(AttemptError) -> String
    {
        var token: String?
        var resourceVersion: String?
        repeat {
            var parameters = query
            if limit > 0 { parameters.append(("limit", String(limit))) }
            if let token { parameters.append(("continue", token)) }
            let request = HTTPRequest(path: path + QueryString.encode(parameters), headers: [("Accept", "application/json")])
            let envelope: JSONListScanner.Envelope
            do {
                envelope = try readPage(request, expectKind: expectKind, into: &sink)
            } catch {
                if token != nil, case .api(let status) = error, status.code == 410 { throw .continueExpired }
                throw .failed(error)
            }
            let metadata = envelope.members["metadata"]
            // Every page of one list carries the first page's resourceVersion (the snapshot).
            if resourceVersion == nil { resourceVersion = metadata?["resourceVersion"]?.stringValue ?? "" }
            token = metadata?["continue"]?.stringValue
            if token?.isEmpty ?? true { token = nil }
        } while token != nil
        return resourceVersion ?? ""
    }

    private enum PageFailure: Error {
        case syntax(JSONParseError)
        case item(ClientError)
    }

    /// One GET, its body scanned as it arrives.
    private func readPage<Sink: ListSink>(_ request: HTTPRequest, expectKind: String?, into sink: inout Sink)
        throws(ClientError) -> JSONListScanner.Envelope
    {
        var scanner = JSONListScanner()
        var failure: PageFailure?
        let response: HTTPResponse
        do throws(TransportError) {
            response = try transport.stream(request) { chunk in
                do throws(PageFailure) {
                    try scanner.feed(chunk, syntax: { PageFailure.syntax($0) }) { (bytes) throws(PageFailure) in
                        do throws(ClientError) {
                            try sink.item(bytes)
                        } catch {
                            throw .item(error)
                        }
                    }
                    return .proceed
                } catch {
                    failure = error
                    return .stop
                }
            }
        } catch {
            throw .transport(error)
        }
        guard (200..<300).contains(response.status) else { throw .api(APIStatus.from(response: response)) }
        let what = "\(request.method) \(request.path)"
        let envelope: JSONListScanner.Envelope
        switch failure {
        case .item(let error)?:
            throw error
        case .syntax(let error)?:
            throw KubeAPI.notJSON(response, what: what, error: error)
        case nil:
            do {
                envelope = try scanner.finish()
            } catch {
                throw KubeAPI.notJSON(response, what: what, error: error)
            }
        }
        let kind = envelope.members["kind"]?.stringValue
        if let expectKind, kind != expectKind {
            throw .malformedResponse(
                "the server answered \(what) with \(kind.map { "a \($0)" } ?? "an object without kind"), expected \(expectKind)")
        }
        switch envelope.items {
        case .array, .null:
            return envelope
        case .absent, .other:
            throw .malformedResponse("the server's \(kind ?? "list") has no items array")
        }
    }
}
