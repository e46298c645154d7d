/// The scripts `completion bash|zsh|fish` prints. Each one only asks the binary
/// (`__complete`, cobra's protocol) and hands the answer to the shell, so completion follows
/// the command declarations and the cluster. What they must get right is the shell's side,
/// checked by driving real shells in tmux (Tests/Integration/test_completion_shells.py):
/// bash splits words at `=` and `:` (`--output=w`, OpenShift contexts `ns/api:6443/user`),
/// zsh needs `:` escaped for `_describe`, fish wants whole tokens, and directive 0 means
/// "complete file names" while 4 means "nothing else".
enum CompletionScripts {
    static func script(for shell: String) -> String {
        switch shell {
        case "bash": return bash
        case "zsh": return zsh
        default: return fish
        }
    }

    static let bash = #"""
        # bash completion for kubectl-odh and kubectl-odh-mpijob:
        #   source <(kubectl-odh completion bash)        (e.g. in ~/.bashrc)
        _kubectl_odh() {
            local line=${COMP_LINE:0:COMP_POINT} cur="" out directive word before prefix="" c i
            local -a args lines
            # The words as typed: bash's COMP_WORDS are also split at = and :, which would turn
            # --output=w or an OpenShift context (ns/api:6443/user) into several words.
            read -r -a args <<< "$line"
            if [[ $line != *[[:space:]] ]]; then
                cur=${args[${#args[@]}-1]}
                unset 'args[${#args[@]}-1]'
            fi
            out=$("${args[0]}" __complete "${args[@]:1}" "$cur" 2>/dev/null) || return
            mapfile -t lines <<< "$out"
            directive=${lines[${#lines[@]}-1]#:}
            unset 'lines[${#lines[@]}-1]'
            # readline replaces only the text after the last word-break character of the word.
            word=$cur
            for ((i = ${#cur} - 1; i >= 0; i--)); do
                if [[ $COMP_WORDBREAKS == *"${cur:i:1}"* ]]; then word=${cur:i+1}; break; fi
            done
            before=${cur:0:${#cur}-${#word}}
            # Values of --flag=partial come without the flag: put it back.
            [[ $cur == -*=* ]] && prefix=${cur%%=*}=
            COMPREPLY=()
            for c in "${lines[@]}"; do
                [[ -n $c ]] || continue
                c=$prefix${c%%$'\t'*}
                COMPREPLY+=("${c#"$before"}")
            done
            # Directive 4: nothing but these candidates (no file names).
            if (( directive & 4 )); then compopt +o default 2>/dev/null; fi
            return 0
        }
        complete -o default -F _kubectl_odh kubectl-odh kubectl-odh-mpijob

        """#

    static let zsh = #"""
        #compdef kubectl-odh kubectl-odh-mpijob
        # zsh completion for kubectl-odh and kubectl-odh-mpijob: source <(kubectl-odh completion zsh)
        # after compinit, or save as _kubectl-odh in a directory of $fpath.
        _kubectl-odh() {
            local out directive line name
            local -a lines candidates
            out=$("${words[1]}" __complete "${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
            lines=("${(@f)out}")
            directive=${lines[-1]#:}
            lines=("${(@)lines[1,-2]}")
            # Values of --flag=partial come without the flag: complete after the =.
            [[ $PREFIX == -*=* ]] && compset -P '*='
            for line in "${lines[@]}"; do
                [[ -n $line ]] || continue
                name=${line%%$'\t'*}
                name=${name//:/\\:}
                if [[ $line == *$'\t'* ]]; then
                    candidates+=("$name:${line#*$'\t'}")
                else
                    candidates+=("$name")
                fi
            done
            if (( ${#candidates} )); then
                _describe -t values 'kubectl-odh' candidates
            elif (( (directive & 4) == 0 )); then
                _files
            fi
        }
        if [[ $funcstack[1] == _kubectl-odh ]]; then
            # Autoloaded from $fpath: complete now.
            _kubectl-odh "$@"
        else
            compdef _kubectl-odh kubectl-odh kubectl-odh-mpijob
        fi

        """#

    static let fish = #"""
        # fish completion for kubectl-odh and kubectl-odh-mpijob: kubectl-odh completion fish | source
        # (or save it as ~/.config/fish/completions/kubectl-odh.fish)
        function __kubectl_odh_prepare
            set -g __kubectl_odh_results
            set -l words (commandline -opc)
            set -l current (commandline -ct)
            set -l out ($words[1] __complete $words[2..-1] "$current" 2>/dev/null)
            test (count $out) -gt 0; or return 0
            set -l directive (string replace -- ':' '' $out[-1])
            # Values of --flag=partial come without the flag; fish completes whole tokens.
            set -l prefix (string match -r -- '^-[^=]*=' "$current")
            if test (count $out) -gt 1
                for line in $out[1..-2]
                    test -n "$line"; and set -a __kubectl_odh_results "$prefix$line"
                end
            end
            # Directive 0 with nothing to offer: fail, so fish completes file names instead.
            if test (count $__kubectl_odh_results) -eq 0; and test "$directive" = 0
                return 1
            end
            return 0
        end
        for command in kubectl-odh kubectl-odh-mpijob
            complete -c $command -e
            complete -c $command -n __kubectl_odh_prepare -f -a '$__kubectl_odh_results'
        end

        """#
}
