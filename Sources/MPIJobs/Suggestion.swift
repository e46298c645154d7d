/// "Did you mean" for unknown commands and flags, and for names the cluster has (a
/// LocalQueue for a mistyped queue name).
///
/// Distance counts a swap of two neighbouring letters as one edit ("lsit" → list), and the
/// allowed distance grows with the word: a short word two edits away from a command is
/// another word, not a typo (cobra's fixed 2 suggests `logs` for `bogus`).
public enum Suggestion {
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let target = Array(word.lowercased())
        let letters = target.drop { $0 == "-" }.count
        let limit = letters <= 5 ? 1 : max(2, letters / 4)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased()))
            // A prefix ("--work" for "--workers") is a strong hint even when long.
            let isPrefix = candidate.lowercased().hasPrefix(word.lowercased()) && letters >= 3
            guard distance <= limit || isPrefix else { continue }
            let score = isPrefix ? 0 : distance
            if let current = best, current.1 <= score { continue }
            best = (candidate, score)
        }
        return best?.0
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    /// adjacent characters each cost 1.
    public static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }
}
