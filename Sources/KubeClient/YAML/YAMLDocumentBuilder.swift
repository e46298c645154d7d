/// Assembles one document's JSON from parser events: anchors and aliases, `<<` merge
/// keys, duplicate-key and key-type checks, and go-yaml's bound on alias expansion.
///
/// Aliases reuse the anchored value (copy-on-write, so no copying here), but whoever
/// prints or walks the result pays for the expansion; so the expansion is counted the way
/// go-yaml v2 counts it and a document made mostly of aliases ("billion laughs") is refused.
struct YAMLDocumentBuilder {
    static let maxDepth = 512

    let document: Int
    private var frames: [Frame] = []
    private var anchors: [String: Anchored] = [:]
    private var openAnchors: [String] = []
    private var decodeCount = 0
    private var aliasCount = 0
    private var root: JSON?
    private var rootIsEmpty = false

    init(document: Int) { self.document = document }

    /// The document's value, or nil when it held nothing (only comments, or a bare `---`).
    var result: JSON? { rootIsEmpty ? nil : root }

    private enum Anchored {
        /// Scalars keep their meaning: an alias may use them as a key or as a value.
        case scalar(YAMLScalarDecoding.Meaning)
        case collection(JSON, size: Int)
    }

    private enum PendingKey: Equatable {
        case none
        case key(String)
        case merge
    }

    private struct Frame {
        let isMapping: Bool
        let anchor: String?
        let mark: YAMLMark
        var size = 1
        var items: [JSON] = []
        var object = JSONObject()
        var keyLines: [Int] = []
        var seen: Set<String> = []
        var pending = PendingKey.none
        var merges: [JSONObject] = []

        init(isMapping: Bool, anchor: String?, mark: YAMLMark) {
            self.isMapping = isMapping
            self.anchor = anchor
            self.mark = mark
        }

        /// Mappings are usually small: a scan beats hashing until they are not.
        mutating func contains(_ key: String) -> Bool {
            if object.count < 12 { return object.keys.contains(key) }
            if seen.isEmpty { seen = Set(object.keys) }
            return seen.contains(key)
        }

        mutating func insert(_ key: String, _ value: JSON, line: Int) {
            object.appendUnchecked(key, value)
            keyLines.append(line)
            if !seen.isEmpty { seen.insert(key) }
        }
    }

    private var expectsKey: Bool {
        guard let top = frames.last else { return false }
        return top.isMapping && top.pending == .none
    }

    // MARK: - Events

    mutating func scalar(
        _ bytes: UnsafeBufferPointer<UInt8>, tag: String?, anchor: String?, plain: Bool, mark: YAMLMark
    ) throws(YAMLError) {
        decodeCount += 1
        if frames.isEmpty && bytes.isEmpty && plain && tag == nil && anchor == nil {
            root = .null
            rootIsEmpty = true
            return
        }
        if expectsKey && YAMLScalarDecoding.isMergeKey(bytes, tag: tag, plain: plain) {
            frames[frames.count - 1].pending = .merge
            frames[frames.count - 1].size += 1
            if let anchor { anchors[anchor] = .scalar(.text("<<")) }
            return
        }
        let meaning: YAMLScalarDecoding.Meaning
        let key: String?
        let value: JSON
        do throws(ScalarProblem) {
            meaning = try YAMLScalarDecoding.meaning(bytes, tag: tag, plain: plain)
            if expectsKey {
                key = try YAMLScalarDecoding.key(meaning)
                value = .null
            } else {
                key = nil
                value = try YAMLScalarDecoding.value(meaning)
            }
        } catch {
            throw mark.error(error.message, document: document)
        }
        if let key {
            try deliverKey(key, size: 1, mark: mark)
        } else {
            try deliver(value, size: 1, mark: mark)
        }
        if let anchor { anchors[anchor] = .scalar(meaning) }
    }

    mutating func alias(_ name: String, mark: YAMLMark) throws(YAMLError) {
        // An anchor on an unfinished collection is the innermost definition of that name.
        if openAnchors.contains(name) {
            throw mark.error("anchor '\(name)' value contains itself", document: document)
        }
        guard let anchored = anchors[name] else {
            throw mark.error("unknown anchor '\(name)' referenced", document: document)
        }
        switch anchored {
        case .scalar(let meaning):
            try count(aliasOf: 1, mark: mark)
            let isKey = expectsKey
            let key: String
            let value: JSON
            do throws(ScalarProblem) {
                key = isKey ? try YAMLScalarDecoding.key(meaning) : ""
                value = isKey ? .null : try YAMLScalarDecoding.value(meaning)
            } catch {
                throw mark.error(error.message, document: document)
            }
            if isKey {
                try deliverKey(key, size: 2, mark: mark)
            } else {
                try deliver(value, size: 2, mark: mark)
            }
        case .collection(let value, let size):
            if expectsKey { throw mark.error("invalid map key: \(value.kindName)", document: document) }
            try count(aliasOf: size, mark: mark)
            try deliver(value, size: size + 1, mark: mark)
        }
    }

    mutating func startCollection(isMapping: Bool, anchor: String?, mark: YAMLMark) throws(YAMLError) {
        if expectsKey {
            throw mark.error("invalid map key: \(isMapping ? "object" : "array")", document: document)
        }
        if frames.count >= Self.maxDepth {
            throw mark.error("exceeded max depth of \(Self.maxDepth)", document: document)
        }
        decodeCount += 1
        frames.append(Frame(isMapping: isMapping, anchor: anchor, mark: mark))
        if let anchor { openAnchors.append(anchor) }
    }

    mutating func endCollection(mark: YAMLMark) throws(YAMLError) {
        guard var frame = frames.popLast() else {
            throw mark.error("unbalanced collection end", document: document)
        }
        let value: JSON
        if frame.isMapping {
            for source in frame.merges {
                for (key, item) in zip(source.keys, source.values) where !frame.contains(key) {
                    frame.insert(key, item, line: mark.line)
                }
            }
            value = .object(frame.object)
        } else {
            value = .array(frame.items)
        }
        if let anchor = frame.anchor {
            if let index = openAnchors.lastIndex(of: anchor) { openAnchors.remove(at: index) }
            anchors[anchor] = .collection(value, size: frame.size)
        }
        // Problems with a collection as a value point at where it starts.
        try deliver(value, size: frame.size, mark: frame.mark)
    }

    // MARK: - Placing values

    private mutating func deliverKey(_ key: String, size: Int, mark: YAMLMark) throws(YAMLError) {
        let top = frames.count - 1
        if frames[top].contains(key) {
            var message = "mapping key \"\(key)\" already defined"
            if let index = frames[top].object.keys.firstIndex(of: key) {
                message += " at line \(frames[top].keyLines[index] + 1)"
            }
            throw mark.error(message, document: document)
        }
        frames[top].pending = .key(key)
        frames[top].keyLines.append(mark.line)
        frames[top].size += size
    }

    private mutating func deliver(_ value: JSON, size: Int, mark: YAMLMark) throws(YAMLError) {
        guard !frames.isEmpty else {
            root = value
            return
        }
        let top = frames.count - 1
        frames[top].size += size
        guard frames[top].isMapping else {
            frames[top].items.append(value)
            return
        }
        switch frames[top].pending {
        case .key(let key):
            // The line was recorded with the key.
            frames[top].object.appendUnchecked(key, value)
            if !frames[top].seen.isEmpty { frames[top].seen.insert(key) }
        case .merge:
            switch value {
            case .object(let object):
                frames[top].merges.append(object)
            case .array(let items):
                for item in items {
                    guard case .object(let object) = item else {
                        throw mark.error("map merge requires map or sequence of maps as the value", document: document)
                    }
                    frames[top].merges.append(object)
                }
            default:
                throw mark.error("map merge requires map or sequence of maps as the value", document: document)
            }
        case .none:
            throw mark.error("mapping value without a key", document: document)
        }
        frames[top].pending = .none
    }

    /// go-yaml v2's `allowedAliasRatio`: up to 99% of decoded nodes may come from aliases
    /// in small documents, falling to 10% from 4,000,000 nodes on.
    private mutating func count(aliasOf size: Int, mark: YAMLMark) throws(YAMLError) {
        decodeCount += 1 + size
        aliasCount += size
        guard aliasCount > 100, decodeCount > 1000 else { return }
        let allowed: Double
        switch decodeCount {
        case ...400_000: allowed = 0.99
        case 4_000_000...: allowed = 0.10
        default: allowed = 0.99 - 0.89 * Double(decodeCount - 400_000) / 3_600_000
        }
        if Double(aliasCount) / Double(decodeCount) > allowed {
            throw mark.error("document contains excessive aliasing", document: document)
        }
    }
}
