# bash completion for cot(1): cot itself says what may follow (cot help --complete).
#
# Install as $(pkg-config --variable=completionsdir bash-completion)/cot, or source it
# from ~/.bashrc. Commands, verbs, options per verb and the steps of the project's route
# come from the cot being completed, so this file never lists them and cannot drift.

_cot()
{
	local cur line i split=0
	local -a words=()

	COMPREPLY=()
	# bash splits "--format=js" at '=' (COMP_WORDBREAKS): cot gets the word whole, and
	# gets back "--format=json", of which bash, completing "js", takes "json"
	for ((i = 1; i <= COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == = && ${#words[@]} -gt 0 && ${words[-1]} == --* &&
			${words[-1]} != *=* ]]; then
			words[-1]+==
			split=1
		elif ((split == 1)); then
			words[-1]+=${COMP_WORDS[i]}
			split=2
		else
			words+=("${COMP_WORDS[i]}")
			split=0
		fi
	done
	cur=${words[-1]}
	((split)) && cur=${cur#*=}
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
		*) ((split)) && COMPREPLY+=("${line#*=}") || COMPREPLY+=("$line") ;;
		esac
	done < <(command "${COMP_WORDS[0]}" help --complete -- "${words[@]}" 2>/dev/null)
}
complete -F _cot cot
