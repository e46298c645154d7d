/// "Did you mean" by edit distance, as kubectl and cobra do for unknown commands (also for
/// names the cluster has: a LocalQueue for a mistyped queue name).
public enum Suggestion {
    public static func closest(to word: String, in candidates: [String]) -> String? {
        let target = Array(word.lowercased())
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased()))
            // A prefix ("--work" for "--workers") is a strong hint even when long.
            let isPrefix = candidate.lowercased().hasPrefix(word.lowercased()) && word.count >= 3
            let limit = max(2, target.count / 3)
            guard distance <= limit || isPrefix else { continue }
            let score = isPrefix ? 0 : distance
            if let current = best, current.1 <= score { continue }
            best = (candidate, score)
        }
        return best?.0
    }

    public static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
