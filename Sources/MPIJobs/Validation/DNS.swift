/// The name rules of `k8s.io/apimachinery/pkg/util/validation`, returning the reasons a
/// name breaks them (empty when it is fine), worded like the API server's messages.
public enum DNS {
    /// RFC 1123 label: pod hostnames, namespaces, volume names. At most 63 characters of
    /// `[a-z0-9-]`, starting and ending with an alphanumeric.
    public static func label1123Errors(_ name: String) -> [String] {
        var errors: [String] = []
        if name.utf8.count > 63 { errors.append("must be no more than 63 characters") }
        if !isLabel(name, firstMayBeDigit: true) {
            errors.append(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                    + "and must start and end with an alphanumeric character (e.g. 'my-name', or '123-abc')")
        }
        return errors
    }

    /// RFC 1123 subdomain: object names such as `metadata.name`. At most 253 characters,
    /// dot-separated labels.
    public static func subdomain1123Errors(_ name: String) -> [String] {
        var errors: [String] = []
        if name.utf8.count > 253 { errors.append("must be no more than 253 characters") }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        if name.isEmpty || !labels.allSatisfy({ isLabel(String($0), firstMayBeDigit: true) }) {
            errors.append(
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                    + "and must start and end with an alphanumeric character (e.g. 'example.com')")
        }
        return errors
    }

    /// RFC 1035 label: like a 1123 label but it must start with a letter. The mpi-operator
    /// requires it of `<job>-worker-<i>`, each worker's hostname.
    public static func label1035Errors(_ name: String) -> [String] {
        var errors: [String] = []
        if name.utf8.count > 63 { errors.append("must be no more than 63 characters") }
        if !isLabel(name, firstMayBeDigit: false) {
            errors.append(
                "a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
                    + "start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name', or 'abc-123')")
        }
        return errors
    }

    /// What is wrong with a job name's characters, in words, with a name that would do
    /// (`must be lowercase (try "myjob")`); nil when only its length can be wrong.
    public static func jobNameProblem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, let last = bytes.last else { return nil }
        func isLower(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let problem: String
        if name.contains(where: \.isUppercase) {
            problem = "a job name must be lowercase"
        } else if !bytes.allSatisfy({ isLower($0) || isDigit($0) || $0 == UInt8(ascii: "-") }) {
            problem = "a job name may contain only lowercase letters, digits and '-'"
        } else if !isLower(first) {
            problem = "a job name must start with a letter"
        } else if !(isLower(last) || isDigit(last)) {
            problem = "a job name must end with a letter or a digit"
        } else {
            return nil
        }
        let suggestion = suggestedJobName(name)
        return suggestion.map { "\(problem) (try \"\($0)\")" } ?? problem
    }

    /// `My_Job.v2` → `my-job-v2`: lowercased, other characters as '-', trimmed to a letter
    /// in front and an alphanumeric at the end; nil when nothing usable is left.
    static func suggestedJobName(_ name: String) -> String? {
        var out = ""
        for scalar in name.lowercased().unicodeScalars {
            let ok = (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9")
            if ok {
                out.unicodeScalars.append(scalar)
            } else if !out.hasSuffix("-") {
                out += "-"
            }
        }
        while let head = out.unicodeScalars.first, !(head >= "a" && head <= "z") { out.removeFirst() }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty || out == name ? nil : out
    }

    /// The longest `metadata.name` whose last worker hostname `<name>-worker-<N-1>` still fits
    /// in 63 characters: 54 for up to 10 workers, 53 for up to 100.
    public static func maxJobNameLength(workers: Int) -> Int {
        63 - "-worker-".count - String(Swift.max(workers, 1) - 1).count
    }

    /// Only the length-independent shape: `[a-z0-9]([-a-z0-9]*[a-z0-9])?` (or a letter first).
    private static func isLabel(_ name: String, firstMayBeDigit: Bool) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, let last = bytes.last else { return false }
        func isLower(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        guard isLower(first) || (firstMayBeDigit && isDigit(first)) else { return false }
        guard isLower(last) || isDigit(last) else { return false }
        return bytes.allSatisfy { isLower($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
    }
}
