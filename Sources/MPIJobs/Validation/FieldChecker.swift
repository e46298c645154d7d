import KubeClient

/// Collects issues while reading typed values out of a manifest.
///
/// A manifest is user input: any field may hold the wrong JSON type. Each reader returns
/// nil both for "absent" and for "wrong type", recording an issue only in the second
/// case, so the caller can apply the operator's default for an absent field and stop
/// checking a broken one without a cascade of follow-up issues. `null` counts as absent
/// because the API server prunes nulls from non-nullable CRD fields.
struct FieldChecker {
    private(set) var issues: [ValidationIssue] = []

    mutating func add(_ field: String, _ message: String) {
        issues.append(ValidationIssue(field: field, message: message))
    }

    mutating func append(contentsOf other: [ValidationIssue]) { issues += other }

    mutating func object(_ value: JSON?, _ field: String) -> JSONObject? {
        guard let value, !value.isNull else { return nil }
        guard let object = value.objectValue else {
            add(field, "must be an object, got \(Self.show(value))")
            return nil
        }
        return object
    }

    mutating func array(_ value: JSON?, _ field: String) -> [JSON]? {
        guard let value, !value.isNull else { return nil }
        guard let items = value.arrayValue else {
            add(field, "must be a list, got \(Self.show(value))")
            return nil
        }
        return items
    }

    mutating func string(_ value: JSON?, _ field: String) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue else {
            add(field, "must be a string, got \(Self.show(value))")
            return nil
        }
        return text
    }

    mutating func bool(_ value: JSON?, _ field: String) -> Bool? {
        guard let value, !value.isNull else { return nil }
        guard let flag = value.boolValue else {
            add(field, "must be true or false, got \(Self.show(value))")
            return nil
        }
        return flag
    }

    /// An integer field of the Go type `int32` (most counts) or `int64`.
    mutating func integer(_ value: JSON?, _ field: String, bits: Int = 32) -> Int? {
        guard let value, !value.isNull else { return nil }
        guard let number = value.intValue else {
            add(field, "must be an integer, got \(Self.show(value))")
            return nil
        }
        if bits == 32, number < Int(Int32.min) || number > Int(Int32.max) {
            add(field, "Invalid value: \(number): must fit in a 32-bit integer")
            return nil
        }
        return number
    }

    /// An integer that must be ≥ 0 (`ValidateNonnegativeField`).
    mutating func nonNegative(_ value: JSON?, _ field: String, bits: Int = 32) -> Int? {
        guard let number = integer(value, field, bits: bits) else { return nil }
        if number < 0 {
            add(field, "Invalid value: \(number): must be greater than or equal to 0")
        }
        return number
    }

    /// Flags keys the schema does not have: the API server prunes them without a word, so a
    /// typo such as `ttlSecondsAfterFinish` would silently do nothing.
    mutating func unknownKeys(_ object: JSONObject, _ field: String, known: Set<String>) {
        for key in object.keys where !known.contains(key) {
            add("\(field).\(key)", "unknown field; the API server would drop it silently")
        }
    }

    /// A value as it should appear in a message: strings quoted, others as JSON.
    static func show(_ value: JSON) -> String {
        switch value {
        case .string(let text): return "string \"\(text)\""
        case .number(let text): return "number \(text)"
        case .bool(let flag): return "\(flag)"
        case .null: return "null"
        case .array: return "a list"
        case .object: return "an object"
        }
    }
}
