/// Scalar writers ported from libyaml's emitter (which go-yaml v2 is a translation of):
/// what decides between plain, 'single', "double" and | literal, and how each folds at
/// the line width.
extension YAMLEmitter {
    /// go-yaml's encoder (`stringv`) asks for a literal block when the text has a newline,
    /// plain when it would read back as the same string, double quotes otherwise; the
    /// emitter then falls back as the text demands.
    mutating func emitString(_ s: UnsafeBufferPointer<UInt8>, simpleKey: Bool) {
        emitString(s, analysis: YAMLScalarAnalysis(s), simpleKey: simpleKey)
    }

    mutating func emitString(_ s: UnsafeBufferPointer<UInt8>, analysis: YAMLScalarAnalysis, simpleKey: Bool) {
        let requested: YAMLScalarStyle
        if s.contains(0x0A) {
            requested = .literal
        } else if YAMLQuoting.needsQuotes(s) {
            requested = .doubleQuoted
        } else {
            requested = .plain
        }
        emitScalar(s, analysis: analysis, requested: requested, simpleKey: simpleKey)
    }

    mutating func emitScalar(_ s: UnsafeBufferPointer<UInt8>, requested: YAMLScalarStyle, simpleKey: Bool) {
        emitScalar(s, analysis: YAMLScalarAnalysis(s), requested: requested, simpleKey: simpleKey)
    }

    /// libyaml's `yaml_emitter_select_scalar_style` followed by `process_scalar`.
    mutating func emitScalar(
        _ s: UnsafeBufferPointer<UInt8>, analysis: YAMLScalarAnalysis, requested: YAMLScalarStyle, simpleKey: Bool
    ) {
        var style = requested
        if simpleKey && analysis.multiline { style = .doubleQuoted }
        if style == .plain && (!analysis.plainAllowed || (s.isEmpty && simpleKey)) { style = .singleQuoted }
        if style == .singleQuoted && !analysis.singleQuotedAllowed { style = .doubleQuoted }
        if style == .literal && (!analysis.blockAllowed || simpleKey) { style = .doubleQuoted }

        let saved = indent
        increaseIndent(flow: true, indentless: false)
        switch style {
        case .plain where simpleKey || !analysis.hasSpace || column + 1 + analysis.characters <= Self.bestWidth:
            if !whitespace { put(0x20) }
            out.append(contentsOf: s)
            column += analysis.characters
            whitespace = false
            indention = false
        case .plain: writePlain(s, allowBreaks: !simpleKey)
        case .singleQuoted: writeSingleQuoted(s, allowBreaks: !simpleKey)
        case .doubleQuoted: writeDoubleQuoted(s, allowBreaks: !simpleKey)
        case .literal: writeLiteral(s)
        }
        indent = saved
    }

    // MARK: - Writers

    private mutating func writePlain(_ s: UnsafeBufferPointer<UInt8>, allowBreaks: Bool) {
        if !whitespace { put(0x20) }
        var spaces = false
        var i = 0
        while i < s.count {
            if s[i] == 0x20 {
                if allowBreaks && !spaces && column > Self.bestWidth && !(i + 1 < s.count && s[i + 1] == 0x20) {
                    writeIndent()
                    i += 1
                } else {
                    put(0x20)
                    i += 1
                }
                spaces = true
            } else {
                writeCharacter(s, &i)
                indention = false
                spaces = false
            }
        }
        whitespace = false
        indention = false
    }

    private mutating func writeSingleQuoted(_ s: UnsafeBufferPointer<UInt8>, allowBreaks: Bool) {
        writeIndicator(UInt8(ascii: "'"), needWhitespace: true, isWhitespace: false, isIndention: false)
        var spaces = false
        var breaks = false
        var i = 0
        while i < s.count {
            if s[i] == 0x20 {
                if allowBreaks && !spaces && column > Self.bestWidth && i != 0 && i != s.count - 1
                    && s[i + 1] != 0x20
                {
                    writeIndent()
                    i += 1
                } else {
                    put(0x20)
                    i += 1
                }
                spaces = true
            } else if YAMLChar.isBreak(s, i) {
                if !breaks && s[i] == 0x0A { putBreak() }
                writeBreak(s, &i)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                if s[i] == UInt8(ascii: "'") { put(UInt8(ascii: "'")) }
                writeCharacter(s, &i)
                indention = false
                spaces = false
                breaks = false
            }
        }
        writeIndicator(UInt8(ascii: "'"), needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    private mutating func writeDoubleQuoted(_ s: UnsafeBufferPointer<UInt8>, allowBreaks: Bool) {
        writeIndicator(UInt8(ascii: "\""), needWhitespace: true, isWhitespace: false, isIndention: false)
        // go-yaml's `is_bom(value, i)` looks at the first bytes, not at `i`: after a leading
        // BOM every character is escaped. kubectl prints that, so this does too.
        let escapeAll = s.count >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF
        var spaces = false
        var i = 0
        while i < s.count {
            let c = s[i]
            if escapeAll || !YAMLChar.isPrintable(s, i) || YAMLChar.isBreak(s, i) || c == UInt8(ascii: "\"")
                || c == UInt8(ascii: "\\")
            {
                let (value, w) = YAMLChar.decode(s, i)
                i += w
                writeEscape(value)
                spaces = false
            } else if c == 0x20 {
                if allowBreaks && !spaces && column > Self.bestWidth && i != 0 && i != s.count - 1 {
                    writeIndent()
                    // A space after the fold would be eaten as indentation.
                    if s[i + 1] == 0x20 { put(UInt8(ascii: "\\")) }
                    i += 1
                } else {
                    put(0x20)
                    i += 1
                }
                spaces = true
            } else {
                writeCharacter(s, &i)
                spaces = false
            }
        }
        writeIndicator(UInt8(ascii: "\""), needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    private mutating func writeEscape(_ value: UInt32) {
        put(UInt8(ascii: "\\"))
        let short: UInt8?
        switch value {
        case 0x00: short = UInt8(ascii: "0")
        case 0x07: short = UInt8(ascii: "a")
        case 0x08: short = UInt8(ascii: "b")
        case 0x09: short = UInt8(ascii: "t")
        case 0x0A: short = UInt8(ascii: "n")
        case 0x0B: short = UInt8(ascii: "v")
        case 0x0C: short = UInt8(ascii: "f")
        case 0x0D: short = UInt8(ascii: "r")
        case 0x1B: short = UInt8(ascii: "e")
        case 0x22: short = UInt8(ascii: "\"")
        case 0x5C: short = UInt8(ascii: "\\")
        case 0x85: short = UInt8(ascii: "N")
        case 0xA0: short = UInt8(ascii: "_")
        case 0x2028: short = UInt8(ascii: "L")
        case 0x2029: short = UInt8(ascii: "P")
        default: short = nil
        }
        if let short {
            put(short)
            return
        }
        let digits: Int
        if value <= 0xFF {
            put(UInt8(ascii: "x"))
            digits = 2
        } else if value <= 0xFFFF {
            put(UInt8(ascii: "u"))
            digits = 4
        } else {
            put(UInt8(ascii: "U"))
            digits = 8
        }
        for k in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            let digit = UInt8((value >> UInt32(k)) & 0x0F)
            put(digit < 10 ? digit + UInt8(ascii: "0") : digit - 10 + UInt8(ascii: "A"))
        }
    }

    private mutating func writeLiteral(_ s: UnsafeBufferPointer<UInt8>) {
        writeIndicator(UInt8(ascii: "|"), needWhitespace: true, isWhitespace: false, isIndention: false)
        writeBlockScalarHints(s)
        putBreak()
        indention = true
        whitespace = true
        var breaks = true
        var i = 0
        while i < s.count {
            if YAMLChar.isBreak(s, i) {
                writeBreak(s, &i)
                indention = true
                breaks = true
            } else {
                if breaks { writeIndent() }
                writeCharacter(s, &i)
                indention = false
                breaks = false
            }
        }
    }

    /// An indentation indicator when the text starts with a space or break (otherwise the
    /// reader would take those for indentation), and the chomping indicator for the end.
    private mutating func writeBlockScalarHints(_ s: UnsafeBufferPointer<UInt8>) {
        if s[0] == 0x20 || YAMLChar.isBreak(s, 0) {
            writeIndicator(UInt8(ascii: "0") + UInt8(Self.bestIndent), needWhitespace: false, isWhitespace: false,
                isIndention: false)
        }
        var last = s.count - 1
        while last > 0 && s[last] & 0xC0 == 0x80 { last -= 1 }
        var chomp: UInt8?
        if !YAMLChar.isBreak(s, last) {
            chomp = UInt8(ascii: "-")
        } else if last == 0 {
            chomp = UInt8(ascii: "+")
        } else {
            var previous = last - 1
            while previous > 0 && s[previous] & 0xC0 == 0x80 { previous -= 1 }
            if YAMLChar.isBreak(s, previous) { chomp = UInt8(ascii: "+") }
        }
        if let chomp {
            writeIndicator(chomp, needWhitespace: false, isWhitespace: false, isIndention: false)
        }
    }

    /// Copies one UTF-8 character; the column counts characters, not bytes.
    @inline(__always)
    private mutating func writeCharacter(_ s: UnsafeBufferPointer<UInt8>, _ i: inout Int) {
        let w = min(YAMLChar.width(s[i]), s.count - i)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: s[i..<(i + w)]))
        column += 1
        i += w
    }

    private mutating func writeBreak(_ s: UnsafeBufferPointer<UInt8>, _ i: inout Int) {
        if s[i] == 0x0A {
            putBreak()
            i += 1
        } else {
            writeCharacter(s, &i)
            column = 0
        }
    }
}
