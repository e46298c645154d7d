/// A key press as a view sees it, decoded from the bytes a terminal sends.
public enum Key: Sendable, Equatable, Hashable {
    case character(Character)
    case enter
    case tab
    /// Shift-Tab (`ESC [ Z`).
    case backTab
    case up, down, left, right
    case pageUp, pageDown, home, end
    case backspace
    case escape
    /// Ctrl plus a letter (`ctrl("c")` is 0x03). In raw mode Ctrl-C arrives as this key,
    /// not as SIGINT.
    case control(Character)
}

/// Decodes terminal input into keys: UTF-8 characters, control bytes, and the CSI/SS3
/// sequences xterm, tmux and the Linux console send for arrows, paging, Home/End and
/// Shift-Tab. An incomplete sequence at the end of a read is kept for the next; a lone
/// ESC with nothing after it is the Escape key once `flush` is called (after a short wait).
public struct KeyDecoder: Sendable {
    private var pending: [UInt8] = []

    public init() {}

    public var hasPending: Bool { !pending.isEmpty }

    public mutating func feed(_ bytes: [UInt8]) -> [Key] {
        pending += bytes
        var keys: [Key] = []
        var index = 0
        while index < pending.count {
            guard let (key, used) = Self.decode(pending, at: index) else { break }
            if let key { keys.append(key) }
            index += used
        }
        pending.removeFirst(index)
        return keys
    }

    /// What is still pending becomes keys as it stands (a lone ESC is Escape).
    public mutating func flush() -> [Key] {
        var keys: [Key] = []
        for byte in pending {
            if byte == 0x1B {
                keys.append(.escape)
            } else if let key = Self.single(byte) {
                keys.append(key)
            }
        }
        pending.removeAll()
        return keys
    }

    /// nil: more bytes are needed. Otherwise the key (nil for a sequence that means
    /// nothing here) and the bytes it took.
    static func decode(_ bytes: [UInt8], at start: Int) -> (Key?, Int)? {
        let byte = bytes[start]
        if byte == 0x1B {
            guard start + 1 < bytes.count else { return nil }
            let next = bytes[start + 1]
            if next == UInt8(ascii: "[") || next == UInt8(ascii: "O") {
                // CSI: parameters and intermediates up to a final byte 0x40...0x7E.
                var end = start + 2
                while end < bytes.count, !(0x40...0x7E).contains(bytes[end]) { end += 1 }
                guard end < bytes.count else { return nil }
                let body = String(decoding: bytes[(start + 2)..<end], as: UTF8.self)
                return (sequence(body, final: bytes[end]), end - start + 1)
            }
            // ESC followed by something else: Escape, then that byte on its own.
            return (.escape, 1)
        }
        if byte < 0x80 { return (single(byte), 1) }
        // UTF-8: the lead byte says how many follow.
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        guard start + length <= bytes.count else { return nil }
        let text = String(decoding: bytes[start..<(start + length)], as: UTF8.self)
        return (text.first.map(Key.character), length)
    }

    static func single(_ byte: UInt8) -> Key? {
        switch byte {
        case 0x0D, 0x0A: return .enter
        case 0x09: return .tab
        case 0x7F, 0x08: return .backspace
        case 0x1B: return .escape
        case 0x01...0x1A: return .control(Character(Unicode.Scalar(byte + 0x60)))
        case 0x20...0x7E: return .character(Character(Unicode.Scalar(byte)))
        default: return nil
        }
    }

    static func sequence(_ body: String, final: UInt8) -> Key? {
        switch final {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "Z"): return .backTab
        case UInt8(ascii: "~"):
            switch body {
            case "1", "7": return .home
            case "4", "8": return .end
            case "5": return .pageUp
            case "6": return .pageDown
            default: return nil
            }
        default: return nil
        }
    }
}
