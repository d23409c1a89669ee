# fish completion for cot(1): cot itself says what may follow (cot help --complete).
#
# Install in ~/.config/fish/completions/ or $(pkg-config --variable=completionsdir fish).
# Commands, verbs, options per verb and the steps of the project's route come from the
# cot being completed, so this file cannot drift; commands, verbs and options come with
# their description ("word<TAB>description", in the user's language).

# The paths fn offers for cur; for --opt=PATH, those after the '=', each after "--opt=".
function __cot_paths --argument-names fn cur
	set -l prefix (string match -r -- '^--[^=]*=' $cur)
	for p in ($fn (string replace -r -- '^--[^=]*=' '' $cur))
		echo "$prefix$p"
	end
end

function __cot_complete
	set -l cur (commandline -ct)
	set -l words (commandline -opc) "$cur"
	for line in ($words[1] help --complete --describe -- $words[2..-1] 2>/dev/null)
		switch $line
			case @files
				__cot_paths __fish_complete_path "$cur"
			case @dirs
				__cot_paths __fish_complete_directories "$cur"
			case '*'
				echo $line
		end
	end
end

complete -c cot -f -a '(__cot_complete)'
