/// A JSON document as the API server sent it.
///
/// Kubernetes objects are open-ended (CRDs, unknown fields, quantities as strings or
/// numbers), so the client keeps them as values instead of decoding into structs that
/// would silently drop fields. Numbers keep their literal text so that `-o json` prints
/// `1e3` or a 64-bit integer exactly as received.
public enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSON])
    case object(JSONObject)

    public static func int(_ value: Int) -> JSON { .number(String(value)) }
}

/// An object that keeps member order (the order the server or the user wrote), with
/// lookups by key. Objects in Kubernetes are small, so a linear scan beats hashing.
public struct JSONObject: Sendable, Equatable {
    public private(set) var keys: [String]
    public private(set) var values: [JSON]

    public init() {
        keys = []
        values = []
    }

    public init(_ pairs: [(String, JSON)]) {
        keys = []
        values = []
        keys.reserveCapacity(pairs.count)
        values.reserveCapacity(pairs.count)
        for (key, value) in pairs { self[key] = value }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public subscript(key: String) -> JSON? {
        get {
            guard let index = keys.firstIndex(of: key) else { return nil }
            return values[index]
        }
        set {
            if let index = keys.firstIndex(of: key) {
                if let newValue {
                    values[index] = newValue
                } else {
                    keys.remove(at: index)
                    values.remove(at: index)
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// Appends without checking for a duplicate key; the parser uses it and resolves
    /// duplicates itself (last one wins, as Go's decoder does).
    mutating func appendUnchecked(_ key: String, _ value: JSON) {
        keys.append(key)
        values.append(value)
    }

    /// The parser's member: a repeated name replaces the value in its first place (last one
    /// wins, as Go's decoder does).
    mutating func set(_ key: String, _ value: JSON) {
        if keys.contains(key) {
            self[key] = value
        } else {
            appendUnchecked(key, value)
        }
    }

    public var pairs: [(key: String, value: JSON)] {
        Array(zip(keys, values)).map { (key: $0.0, value: $0.1) }
    }

    /// Indices of `keys` in byte order, as Go's encoder writes maps (what kubectl prints).
    /// Objects from the API server usually arrive sorted already (Go writes maps sorted), so
    /// that case is one pass and no sort.
    static func byteOrder(of keys: [String]) -> [Int] {
        var sorted = true
        var i = 1
        while i < keys.count {
            if !bytesPrecede(keys[i - 1], keys[i]) {
                sorted = false
                break
            }
            i += 1
        }
        if sorted { return Array(keys.indices) }
        return keys.indices.sorted { bytesPrecede(keys[$0], keys[$1]) }
    }

    /// Byte-wise (UTF-8) order, as Go compares strings.
    static func bytesPrecede(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in b.withUTF8 { y in bytesPrecede(x, y) } }
    }

    static func bytesPrecede(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = min(x.count, y.count)
        var k = 0
        while k < n {
            if x[k] != y[k] { return x[k] < y[k] }
            k += 1
        }
        return x.count < y.count
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (key, value) in zip(lhs.keys, lhs.values) where rhs[key] != value {
            return false
        }
        return true
    }
}

// MARK: - Reading

extension JSON {
    public subscript(key: String) -> JSON? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public subscript(index: Int) -> JSON? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    /// Follows a path of object keys: `job[path: "metadata", "name"]`.
    public subscript(path keys: String...) -> JSON? {
        var current: JSON? = self
        for key in keys { current = current?[key] }
        return current
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// Integer value of a number literal; nil for fractions, overflow or other kinds.
    public var intValue: Int? {
        if case .number(let text) = self {
            if let value = Int(text) { return value }
            if let double = Double(text), double.rounded() == double, abs(double) < 9.0e15 {
                return Int(double)
            }
        }
        return nil
    }

    public var doubleValue: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    public var arrayValue: [JSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the value's kind, for error messages.
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

// MARK: - Writing

extension JSON {
    /// Sets a value at a path of object keys, creating intermediate objects.
    public mutating func set(_ value: JSON?, at path: [String]) {
        guard let first = path.first else {
            if let value { self = value }
            return
        }
        var object = objectValue ?? JSONObject()
        if path.count == 1 {
            object[first] = value
        } else {
            var child = object[first] ?? .object(JSONObject())
            child.set(value, at: Array(path.dropFirst()))
            object[first] = child
        }
        self = .object(object)
    }

    public mutating func remove(at path: [String]) {
        set(nil, at: path)
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(String(value)) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSON)...) { self = .object(JSONObject(elements)) }
    public init(nilLiteral: ()) { self = .null }
}
