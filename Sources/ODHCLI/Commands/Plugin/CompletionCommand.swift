import MPIJobs

/// `completion bash|zsh|fish`: a small script that asks `__complete` for candidates, so
/// completion always matches the command declarations.
struct CompletionCommand: CLICommand {
    static let spec = CommandSpec(
        name: "completion", summary: "Print a shell completion script (bash, zsh or fish)",
        usage: ["bash|zsh|fish"],
        positionals: [PositionalSpec(name: "SHELL", help: "bash, zsh or fish", completion: .choices(["bash", "zsh", "fish"]))],
        examples: [
            "source <(kubectl-odh completion bash)",
            "kubectl-odh completion zsh > \"${fpath[1]}/_kubectl-odh\"",
            "kubectl-odh completion fish > ~/.config/fish/completions/kubectl-odh.fish",
        ])

    var shell: String

    init(parsed: ParsedArguments, globals: GlobalOptions) throws(UsageError) {
        guard parsed.positionals.count == 1 else {
            throw UsageError("completion needs exactly one shell: bash, zsh or fish")
        }
        shell = parsed.positionals[0]
        guard ["bash", "zsh", "fish"].contains(shell) else {
            throw UsageError("unsupported shell \"\(shell)\": use bash, zsh or fish",
                             hint: Suggestion.closest(to: shell, in: ["bash", "zsh", "fish"]).map { "did you mean \($0)?" })
        }
    }

    func run(_ session: Session) throws -> ExitCode {
        try session.stdout.write(CompletionScripts.script(for: shell))
        return .success
    }
}
