/// How a cell is drawn. Colors are dropped when color is off (`NO_COLOR`, `--no-color`);
/// bold, underline and reverse video stay, since they carry no color.
public struct TextStyle: Sendable, Equatable, Hashable {
    public enum Color: Int, Sendable, Hashable {
        case red = 31
        case green = 32
        case yellow = 33
        case blue = 34
        case magenta = 35
        case cyan = 36
        case gray = 90
    }

    public var foreground: Color?
    public var bold = false
    public var underline = false
    public var reverse = false

    public init(foreground: Color? = nil, bold: Bool = false, underline: Bool = false, reverse: Bool = false) {
        self.foreground = foreground
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
    }

    public static let plain = TextStyle()
    public static let bold = TextStyle(bold: true)
    public static let reverse = TextStyle(reverse: true)

    public func with(_ color: Color?) -> TextStyle {
        var copy = self
        copy.foreground = color
        return copy
    }

    /// The SGR sequence that sets exactly this style from any previous one.
    func sgr(color: Bool) -> String {
        var codes = ["0"]
        if bold { codes.append("1") }
        if underline { codes.append("4") }
        if reverse { codes.append("7") }
        if color, let foreground { codes.append(String(foreground.rawValue)) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}
