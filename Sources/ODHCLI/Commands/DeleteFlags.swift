import MPIJobs

/// The flags `mpijob delete` and `jobs delete` share, declared and read once.
struct DeleteFlags {
    static let specs: [OptionSpec] = [
        OptionSpec(long: "yes", short: "y", kind: .flag, help: "do not ask for confirmation"),
        OptionSpec(long: "wait", kind: .flag, help: "return only once the jobs and their pods are gone"),
        SharedOptions.timeout,
        OptionSpec(long: "cascade", kind: .value, valueName: "POLICY",
                   help: "background, foreground or orphan (keep the pods)",
                   completion: .choices(Cascade.allCases.map(\.rawValue)), defaultValue: "background"),
        OptionSpec(long: "force", kind: .flag, help: "delete immediately (grace period 0)"),
    ]

    var yes: Bool
    var wait: Bool
    var timeout: Double?
    var cascade: Cascade
    var force: Bool

    init(_ parsed: ParsedArguments) throws(UsageError) {
        yes = try parsed.flag("yes")
        wait = try parsed.flag("wait")
        timeout = try SharedOptions.parseTimeout(parsed)
        force = try parsed.flag("force")
        cascade = .background
        if let raw = try parsed.choice("cascade", in: Cascade.allCases.map(\.rawValue)) {
            cascade = Cascade(rawValue: raw) ?? .background
        }
    }

    /// Checked after the command's own arguments, so those errors come first.
    func validate() throws(UsageError) {
        if timeout != nil && !wait { throw UsageError("--timeout goes with --wait") }
    }
}
