/// A command typed as one line (`mpirun -n 4 python "train.py"`) split into words the way
/// a POSIX shell would, without expanding anything; and words quoted back so a printed
/// command line can be pasted into a shell.
enum ShellWords {
    struct SplitError: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    static func split(_ line: String) throws(SplitError) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            switch character {
            case " ", "\t":
                if inWord { words.append(word) }
                word = ""
                inWord = false
            case "'", "\"":
                inWord = true
                try readQuoted(character, from: &iterator, into: &word)
            case "\\":
                guard let escaped = iterator.next() else { throw SplitError(description: "the line ends with a lone \\") }
                inWord = true
                word.append(escaped)
            default:
                inWord = true
                word.append(character)
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// Up to the closing quote. Single quotes take everything literally; inside double
    /// quotes a backslash escapes only `"`, `\`, `$` and a backquote.
    private static func readQuoted(_ quote: Character, from iterator: inout String.Iterator, into word: inout String)
        throws(SplitError)
    {
        while let next = iterator.next() {
            if next == quote { return }
            if quote == "\"" && next == "\\" {
                guard let escaped = iterator.next() else { break }
                if !["\"", "\\", "$", "`"].contains(escaped) { word.append("\\") }
                word.append(escaped)
                continue
            }
            word.append(next)
        }
        throw SplitError(description: "a \(quote) quote is not closed")
    }

    /// A word as a shell reads it back: bare when it holds only safe characters, else in
    /// single quotes.
    static func quote(_ word: String) -> String {
        let safe = !word.isEmpty && word.unicodeScalars.allSatisfy { scalar in
            (scalar.value < 0x80 && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
                || "_@%+=:,./-".unicodeScalars.contains(scalar)
        }
        if safe { return word }
        return "'" + word.replacing("'", with: "'\\''") + "'"
    }

    static func join(_ words: [String]) -> String {
        words.map(quote).joined(separator: " ")
    }
}
