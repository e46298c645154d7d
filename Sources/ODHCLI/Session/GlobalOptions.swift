import KubeClient
import MPIJobs

/// Flags accepted anywhere on the line, at every level.
struct GlobalOptions: Sendable {
    var overrides = ConfigOverrides()
    var allNamespaces = false
    var verbosity = 0
    var noColor = false

    static let specs: [OptionSpec] = [
        OptionSpec(long: "kubeconfig", kind: .value, valueName: "FILE", help: "path to the kubeconfig file",
                   completion: .file, global: true),
        OptionSpec(long: "context", kind: .value, valueName: "NAME", help: "the kubeconfig context to use",
                   completion: .context, global: true),
        OptionSpec(long: "namespace", short: "n", kind: .value, valueName: "NS",
                   help: "the namespace to work in", completion: .namespace, global: true,
                   defaultValue: "the context's namespace"),
        OptionSpec(long: "all-namespaces", short: "A", kind: .flag, help: "act across all namespaces", global: true),
        OptionSpec(long: "request-timeout", kind: .value, valueName: "DURATION",
                   help: "give up on a single request after this long, e.g. 30s; 0: no limit", global: true,
                   defaultValue: "0"),
        OptionSpec(long: "verbose", short: "v", kind: .value, valueName: "LEVEL",
                   help: "log requests to stderr: 6 = each request, 7 = request headers, 8 = response headers",
                   global: true, defaultValue: "0"),
        OptionSpec(long: "as", kind: .value, valueName: "USER", help: "impersonate this user", global: true),
        OptionSpec(long: "as-group", kind: .repeated, valueName: "GROUP", help: "impersonate this group", global: true),
        OptionSpec(long: "no-color", kind: .flag, help: "never color the output (also: NO_COLOR=1)", global: true),
    ]

    init() {}

    init(_ parsed: ParsedArguments) throws(UsageError) {
        overrides.kubeconfigPath = parsed.string("kubeconfig")
        overrides.context = parsed.string("context")
        if let namespace = parsed.string("namespace") {
            guard !namespace.isEmpty else { throw UsageError("--namespace needs a value") }
            overrides.namespace = namespace
        }
        allNamespaces = try parsed.flag("all-namespaces")
        if let raw = parsed.string("request-timeout") {
            // kubectl accepts a bare number of seconds here as well as a duration.
            if let seconds = Int(raw), seconds >= 0 {
                overrides.requestTimeout = seconds == 0 ? nil : Double(seconds)
            } else {
                do {
                    let seconds = try DurationParser.parseSeconds(raw)
                    overrides.requestTimeout = seconds == 0 ? nil : seconds
                } catch {
                    throw UsageError("--request-timeout: \(error)", hint: "use e.g. 30s or 2m")
                }
            }
        }
        verbosity = try parsed.int("verbose", minimum: 0) ?? 0
        overrides.impersonateUser = parsed.string("as")
        overrides.impersonateGroups = parsed.strings("as-group")
        noColor = try parsed.flag("no-color")
    }
}
