import KubeClient

/// `-o json|yaml|name` for a list, one object at a time: byte for byte what
/// `ObjectPrinter.render(objects, asList: true)` prints, without holding the objects (a
/// 10,000-object list is about 40 MB of JSON, and many times that as values). The output
/// is kept in pieces of about 1 MiB, so it grows without copying itself.
struct ListDocumentWriter {
    let format: OutputFormat
    let resourceName: String
    private var pieces: [[UInt8]] = []
    private var current: [UInt8] = []
    private var yaml: YAMLListWriter?
    private var count = 0
    /// The JSON envelope around the items, as the writer prints it for an empty list.
    private let jsonHead: [UInt8]
    private let jsonTail: [UInt8]

    static let pieceSize = 1 << 20

    init(format: OutputFormat, resourceName: String) {
        self.format = format
        self.resourceName = resourceName
        let envelope = ObjectPrinter.listDocument([])
        if format == .yaml, let members = envelope.objectValue { yaml = YAMLListWriter(envelope: members) }
        // `"items": []` splits the empty document into what goes before and after the items.
        let empty = JSONWriter(style: .pretty).bytes(envelope)
        var split = empty.count
        let marker = Array("\"items\": []".utf8)
        if let at = Self.find(marker, in: empty) { split = at + marker.count - 1 }
        jsonHead = Array(empty[..<split])
        jsonTail = Array(empty[split...])
    }

    /// An object in `-o json`, from the bytes the server sent (parsed only if they must be).
    mutating func append(json bytes: UnsafeBufferPointer<UInt8>) throws(ClientError) {
        guard format == .json else {
            append(try ListItem.parse(bytes))
            return
        }
        beginJSONItem()
        if !JSONPrettyCopy.append(bytes, indent: 2, droppingManagedFields: true, into: &current) {
            JSONWriter(style: .pretty).write(ObjectPrinter.clean(try ListItem.parse(bytes)), indent: 2, into: &current)
        }
        endItem()
    }

    mutating func append(_ object: JSON) {
        switch format {
        case .name:
            current += Array("\(resourceName)/\(object[path: "metadata", "name"]?.stringValue ?? "")\n".utf8)
        case .yaml:
            yaml?.append(ObjectPrinter.clean(object))
            if let taken = yaml?.take() { current += taken }
        case .json, .table, .wide:
            beginJSONItem()
            JSONWriter(style: .pretty).write(ObjectPrinter.clean(object), indent: 2, into: &current)
        }
        endItem()
    }

    /// What goes before an item of the JSON `items` array.
    private mutating func beginJSONItem() {
        if count == 0 { current += jsonHead }
        if count > 0 { current.append(UInt8(ascii: ",")) }
        current.append(UInt8(ascii: "\n"))
        current.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 8))
    }

    private mutating func endItem() {
        count += 1
        if current.count >= Self.pieceSize {
            pieces.append(current)
            current = []
            current.reserveCapacity(Self.pieceSize + Self.pieceSize / 4)
        }
    }

    /// The whole output, in order.
    mutating func finish() -> [[UInt8]] {
        switch format {
        case .name:
            break
        case .yaml:
            if let rest = yaml?.finish() { current += rest }
        case .json, .table, .wide:
            if count == 0 {
                current += jsonHead
            } else {
                current.append(UInt8(ascii: "\n"))
                current += Array(repeating: UInt8(ascii: " "), count: 4)
            }
            current += jsonTail
            current.append(UInt8(ascii: "\n"))
        }
        pieces.append(current)
        current = []
        return pieces
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
