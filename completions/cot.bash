# bash completion for cot(1): cot itself says what may follow (cot help --complete).
#
# Install as $(pkg-config --variable=completionsdir bash-completion)/cot, or source it
# from ~/.bashrc. Commands, verbs, options per verb and the steps of the project's route
# come from the cot being completed, so this file never lists them and cannot drift.

_cot()
{
	local cur=${COMP_WORDS[COMP_CWORD]} line
	local -a words=("${COMP_WORDS[@]:1:COMP_CWORD}")

	COMPREPLY=()
	while IFS= read -r line; do
		case $line in
		@files | @dirs)
			compopt -o filenames 2>/dev/null
			if [[ $line == @dirs ]]; then
				mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -d -- "$cur")
			else
				mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "$cur")
			fi
			;;
		*) COMPREPLY+=("$line") ;;
		esac
	done < <(command "${COMP_WORDS[0]}" help --complete -- "${words[@]}" 2>/dev/null)
}
complete -F _cot cot
