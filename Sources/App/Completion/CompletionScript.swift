/// The completion scripts `tractok completion bash|zsh|fish` prints.
enum CompletionScript {
  static let shells = ["bash", "zsh", "fish"]

  static func script(for shell: String, specs: [CompletionSpec] = CompletionSpec.all) -> String? {
    switch shell {
    case "bash": bash(specs)
    case "zsh": zsh(specs)
    case "fish": fish(specs)
    default: nil
    }
  }

  /// A word list for a shell script: the words are tractok's own (no quoting needed).
  static func list(_ words: [String]) -> String { words.joined(separator: " ") }

  static func bash(_ specs: [CompletionSpec]) -> String {
    let cases = specs.map { spec in
      "    \(spec.name)) words=\"\(list(spec.options + spec.words))\"; accounts=\(spec.takesAccount ? 1 : 0) ;;"
    }
    return """
      # bash completion for tractok: source <(tractok completion bash)
      _tractok() {
        local line="${COMP_LINE:0:COMP_POINT}" cur command="" words accounts=0 i
        cur="${line##*[[:space:]]}"
        local -a profile=()
        for ((i = 1; i < COMP_CWORD; i++)); do
          case "${COMP_WORDS[i]}" in
            --) return 0 ;;  # exec's own command line: bash's default completion
            --profile) profile=(--profile "${COMP_WORDS[i + 1]}"); ((i++)) ;;
            --profile=*) profile=("${COMP_WORDS[i]}") ;;
            -*|@|:|=) ;;
            *) [[ -z $command && ${COMP_WORDS[i - 1]} != @ ]] && command="${COMP_WORDS[i]}" ;;
          esac
        done
        [[ ${COMP_WORDS[COMP_CWORD - 1]} == --profile ]] && return 0
        case "$command" in
          "") words="\(list(specs.map(\.name) + CompletionSpec.globalOptions))" ;;
      \(cases.joined(separator: "\n"))
          *) return 0 ;;
        esac
        if [[ $accounts == 1 && $cur != -* ]]; then
          words="$words $(tractok "${profile[@]}" __complete accounts 2>/dev/null)"
        fi
        local IFS=$'\\n'
        COMPREPLY=($(compgen -W "${words// /$'\\n'}" -- "$cur"))
        # Bash splits words at '@'; hand back only the part after the last one it split at.
        if [[ $cur == *@* ]]; then
          local head="${cur%@*}@"
          COMPREPLY=("${COMPREPLY[@]#"$head"}")
        fi
      }
      complete -o default -F _tractok tractok
      """
  }

  static func zsh(_ specs: [CompletionSpec]) -> String {
    let cases = specs.map { spec in
      "    \(spec.name)) words=(\(list(spec.options + spec.words))); accounts=\(spec.takesAccount ? 1 : 0) ;;"
    }
    let commands = specs.map { "'\($0.name):\($0.summary.replacingOccurrences(of: "'", with: "'\\''"))'" }
    return """
      #compdef tractok
      # zsh completion for tractok: source <(tractok completion zsh)
      _tractok() {
        local -a profile
        local command="" accounts=0 i
        for ((i = 2; i < CURRENT; i++)); do
          case "${words[i]}" in
            --) shift $i words; (( CURRENT -= i )); _normal; return ;;
            --profile) profile=(--profile "${words[i + 1]}"); ((i++)) ;;
            --profile=*) profile=("${words[i]}") ;;
            -*) ;;
            *) [[ -z $command ]] && command="${words[i]}" ;;
          esac
        done
        [[ ${words[CURRENT - 1]} == --profile ]] && return 0
        if [[ -z $command ]]; then
          local -a commands=(\(commands.joined(separator: " ")))
          _describe -t commands 'tractok command' commands
          compadd -- \(list(CompletionSpec.globalOptions))
          return
        fi
        local -a choices
        case "$command" in
      \(cases.map { $0.replacingOccurrences(of: "words=(", with: "choices=(") }.joined(separator: "\n"))
          *) return 0 ;;
        esac
        if [[ $accounts == 1 && $PREFIX != -* ]]; then
          choices+=(${(f)"$(tractok $profile __complete accounts 2>/dev/null)"})
        fi
        compadd -- $choices
      }
      if (( $+functions[compdef] )); then compdef _tractok tractok; fi
      """
  }

  static func fish(_ specs: [CompletionSpec]) -> String {
    let names = list(specs.map(\.name))
    var lines = [
      "# fish completion for tractok: tractok completion fish | source",
      "complete -c tractok -f",
      "complete -c tractok -l profile -r -d 'workspace profile'",
      "complete -c tractok -l help -d 'show help'",
      "complete -c tractok -l version -d 'show the version'",
      "function __tractok_accounts",
      "    set -l tokens (commandline -opc 2>/dev/null)",
      "    set -l profile (string match -r -- '^--profile=.*' $tokens)",
      "    set -l at (contains -i -- --profile $tokens)",
      "    if test -n \"$at\"; and test (count $tokens) -gt $at",
      "        set profile --profile $tokens[(math $at + 1)]",
      "    end",
      "    tractok $profile __complete accounts 2>/dev/null",
      "end",
    ]
    for spec in specs {
      let summary = spec.summary.replacingOccurrences(of: "'", with: "\\'")
      lines.append(
        "complete -c tractok -n 'not __fish_seen_subcommand_from \(names)' -a \(spec.name) -d '\(summary)'")
      let seen = "-n '__fish_seen_subcommand_from \(spec.name)'"
      for option in spec.options where option != "--help" {
        lines.append("complete -c tractok \(seen) -l \(option.dropFirst(2))")
      }
      if !spec.words.isEmpty { lines.append("complete -c tractok \(seen) -a '\(list(spec.words))'") }
      if spec.takesAccount { lines.append("complete -c tractok \(seen) -a '(__tractok_accounts)'") }
    }
    return lines.joined(separator: "\n")
  }
}
