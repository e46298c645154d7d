/// Writes a document whose `items` member is a sequence, one item at a time, byte for byte
/// what `YAMLWriter` prints for the whole document: a long list is printed without ever
/// holding all its items as values.
public struct YAMLListWriter {
    private var emitter = YAMLEmitter(out: [])
    private let envelope: JSONObject
    private let order: [Int]
    /// Where in `order` the items member is.
    private let itemsPosition: Int
    private var sequenceIndent = 0
    private var count = 0

    /// `envelope`: the document's other members (its `items` member, if any, is ignored).
    public init(envelope: JSONObject) {
        var members = envelope
        members["items"] = .array([])
        self.envelope = members
        order = YAMLKeyOrder.order(members)
        itemsPosition = order.firstIndex { members.keys[$0] == "items" } ?? 0
        emitter.increaseIndent(flow: false, indentless: false)
        for index in order[..<itemsPosition] { emitMember(index) }
        emitter.emitMappingKey("items")
    }

    public mutating func append(_ item: JSON) {
        if count == 0 { sequenceIndent = emitter.beginBlockSequence(mappingContext: true) }
        emitter.emitSequenceEntry(item)
        count += 1
    }

    /// The bytes written so far, handed over (so a caller can keep them in pieces).
    public mutating func take() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &emitter.out)
        return taken
    }

    /// The rest of the document, ending in a newline.
    public mutating func finish() -> [UInt8] {
        if count == 0 {
            emitter.emitNode(.array([]), mappingContext: true, simpleKey: false)
        } else {
            emitter.indent = sequenceIndent
        }
        for index in order[(itemsPosition + 1)...] { emitMember(index) }
        // emitDocument's mapping started from no indent, and ends the document with one.
        emitter.indent = -1
        emitter.writeIndent()
        return take()
    }

    private mutating func emitMember(_ index: Int) {
        emitter.emitMappingKey(envelope.keys[index])
        emitter.emitNode(envelope.values[index], mappingContext: true, simpleKey: false)
    }
}
