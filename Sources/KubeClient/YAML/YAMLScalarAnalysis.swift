/// The scalar styles the writer chooses between.
enum YAMLScalarStyle {
    case plain
    case singleQuoted
    case doubleQuoted
    case literal
}

/// libyaml's `yaml_emitter_analyze_scalar`, reduced to block context (the only place a
/// JSON value's scalars appear; flow style is used only for `{}` and `[]`).
struct YAMLScalarAnalysis {
    var multiline = false
    var plainAllowed = true
    var singleQuotedAllowed = true
    var blockAllowed = true
    /// Characters (not bytes) and whether any is a space: a plain scalar without a space,
    /// or one that ends before the fold column, is copied in one go.
    var characters = 0
    var hasSpace = false

    init(_ s: UnsafeBufferPointer<UInt8>) {
        let n = s.count
        guard n > 0 else {
            blockAllowed = false
            return
        }
        var indicators = false
        if n >= 3 && ((s[0] == 0x2D && s[1] == 0x2D && s[2] == 0x2D) || (s[0] == 0x2E && s[1] == 0x2E && s[2] == 0x2E)) {
            indicators = true
        }
        var precededByWhitespace = true
        var previousSpace = false
        var previousBreak = false
        var leadingSpace = false
        var leadingBreak = false
        var trailingSpace = false
        var trailingBreak = false
        var breakSpace = false
        var spaceBreak = false
        var special = false
        var lineBreaks = false
        var i = 0
        while i < n {
            let c = s[i]
            let w = YAMLChar.width(c)
            let followedByWhitespace = i + w >= n || YAMLChar.isBlank(s[i + w])
            if i == 0 {
                switch c {
                case UInt8(ascii: "#"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
                    UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "&"), UInt8(ascii: "*"),
                    UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
                    UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
                    indicators = true
                case UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: "-"):
                    if followedByWhitespace { indicators = true }
                default:
                    break
                }
            } else {
                switch c {
                case UInt8(ascii: ":"):
                    if followedByWhitespace { indicators = true }
                case UInt8(ascii: "#"):
                    if precededByWhitespace { indicators = true }
                default:
                    break
                }
            }
            if !YAMLChar.isPrintable(s, i) { special = true }
            characters += 1
            if c == 0x20 {
                hasSpace = true
                if i == 0 { leadingSpace = true }
                if i + w == n { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if YAMLChar.isBreak(s, i) {
                lineBreaks = true
                if i == 0 { leadingBreak = true }
                if i + w == n { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = YAMLChar.isBlank(c) || YAMLChar.isBreak(s, i) || c == 0
            i += w
        }
        multiline = lineBreaks
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak { plainAllowed = false }
        if trailingSpace { blockAllowed = false }
        if breakSpace {
            plainAllowed = false
            singleQuotedAllowed = false
        }
        if spaceBreak || special {
            plainAllowed = false
            singleQuotedAllowed = false
            blockAllowed = false
        }
        if lineBreaks || indicators { plainAllowed = false }
    }
}
