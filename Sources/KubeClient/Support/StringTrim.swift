extension String {
    /// Foundation's trimming without Foundation. Note "\r\n" is one Character in Swift,
    /// so callers that trim line ends list it beside "\r" and "\n".
    public func trimmingCharacters(in set: Set<Character>) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
