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
