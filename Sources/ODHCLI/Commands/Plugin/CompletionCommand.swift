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

enum CompletionScripts {
    static func script(for shell: String) -> String {
        switch shell {
        case "bash": return bash
        case "zsh": return zsh
        default: return fish
        }
    }

    static let bash = """
        # bash completion for kubectl-odh (and kubectl-odh-mpijob)
        _kubectl_odh() {
            local cur words out directive
            cur="${COMP_WORDS[COMP_CWORD]}"
            words=("${COMP_WORDS[@]:1:COMP_CWORD}")
            out=$("${COMP_WORDS[0]}" __complete "${words[@]}" 2>/dev/null) || return
            directive="${out##*:}"
            out="${out%:*}"
            COMPREPLY=()
            local IFS=$'\\n'
            for c in $out; do
                [[ -n "$c" ]] && COMPREPLY+=("${c%%$'\\t'*}")
            done
            if [[ ${#COMPREPLY[@]} -eq 0 && "$directive" == "0" ]]; then
                COMPREPLY=($(compgen -f -- "$cur"))
            fi
        }
        complete -o default -F _kubectl_odh kubectl-odh kubectl-odh-mpijob

        """

    static let zsh = """
        #compdef kubectl-odh kubectl-odh-mpijob
        _kubectl_odh() {
            local -a lines completions
            local out directive
            out=$("${words[1]}" __complete "${(@)words[2,CURRENT]}" 2>/dev/null) || return
            lines=("${(@f)out}")
            directive="${lines[-1]#:}"
            lines=("${(@)lines[1,-2]}")
            for l in "${lines[@]}"; do
                completions+=("${l//:/\\\\:}")
            done
            if (( ${#completions} )); then
                _describe 'kubectl-odh' completions
            elif [[ "$directive" == "0" ]]; then
                _files
            fi
        }
        compdef _kubectl_odh kubectl-odh kubectl-odh-mpijob

        """

    static let fish = """
        # fish completion for kubectl-odh (and kubectl-odh-mpijob)
        function __kubectl_odh_complete
            set -l words (commandline -opc)
            set -l current (commandline -ct)
            set -l out ($words[1] __complete $words[2..-1] $current 2>/dev/null)
            for line in $out[1..-2]
                echo $line
            end
        end
        complete -c kubectl-odh -f -a '(__kubectl_odh_complete)'
        complete -c kubectl-odh-mpijob -f -a '(__kubectl_odh_complete)'

        """
}
