# bash completion for cot(1)                                 -*- shell-script -*-
#
# Install as $(pkg-config --variable=completionsdir bash-completion)/cot, or
# source it from ~/.bashrc. Works with or without the bash-completion package.
#
# To add a command: add its name to _cot_commands, and a block
#   # >>> command NAME ... # <<< command NAME
# to _cot_command_complete with its options (those of 'cot help --options NAME'
# plus --help) and their values. tests/cli/test-completions.sh checks both
# against the binary.

# >>> commands
_cot_commands='init status done check lint log demo help whitelist cert bundle verify countersign submit'
# <<< commands

# >>> global
_cot_global_options='-C --format --color --lang -q --quiet -v --verbose --version -h --help'
_cot_global_formats='text json junit sarif github html csv xml etsi'
# <<< global

# The steps of both routes, for 'cot done STEP' (src/lib/procedure.c).
_cot_steps='cert-requested cert-received vitalink-requested vitalink-contract-received
registered checklist-complete contract-signed submitted fod-validated whitelisted
contract-returned'

# Sets COMPREPLY to the words of $1 that start with $2.
_cot_words()
{
	local IFS=$' \t\n'
	mapfile -t COMPREPLY < <(compgen -W "$1" -- "$2")
}

# Sets COMPREPLY to the directories (with -d) or files starting with $2.
_cot_paths()
{
	local kind=$1 cur=$2
	if declare -F _filedir >/dev/null 2>&1; then
		if [[ $kind == -d ]]; then _filedir -d; else _filedir; fi
		return
	fi
	if [[ $kind == -d ]]; then
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
	else
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	fi
	compopt -o filenames 2>/dev/null
}

# Completes the arguments of command $1 whose words start at index $2 of
# COMP_WORDS. cur and prev are the word being completed and the one before,
# with "--opt=" split off by the caller.
_cot_command_complete()
{
	local cmd=$1 first=$2 i nargs=0

	case $cmd in
	# >>> command init
	init)
		case $prev in
		--route) _cot_words 'vitalink direct' "$cur"; return ;;
		--kind) _cot_words 'organisation vendor' "$cur"; return ;;
		--lang) _cot_words 'nl fr en' "$cur"; return ;;
		--name | --kbo | --nihii) return ;;
		esac
		if [[ $cur == -* ]]; then
			_cot_words '--name --kbo --nihii --route --kind --lang --example --help' "$cur"
		else
			_cot_paths -d "$cur"
		fi
		;;
	# <<< command init
	# >>> command status
	status)
		case $prev in
		--format) _cot_words 'text json' "$cur"; return ;;
		esac
		_cot_words '--format --help' "$cur"
		;;
	# <<< command status
	# >>> command done
	done)
		case $prev in
		--date) _cot_words "$(date -u +%Y-%m-%d)" "$cur"; return ;;
		--file) _cot_paths -f "$cur"; return ;;
		--ref | --note) return ;;
		esac
		if [[ $cur == -* ]]; then
			_cot_words '--date --ref --file --note --revoke --help' "$cur"
			return
		fi
		# the step is the first operand: count those before the cursor
		for ((i = first; i < COMP_CWORD; i++)); do
			case ${COMP_WORDS[i]} in
			--date | --ref | --file | --note)
				[[ ${COMP_WORDS[i + 1]-} == = ]] && ((i++))
				((i++)) ;;
			-* | =) ;;
			*) ((nargs++)) ;;
			esac
		done
		((nargs == 0)) && _cot_words "$_cot_steps" "$cur"
		;;
	# <<< command done
	# >>> command check
	check)
		case $prev in
		--requirements | -o | --output) _cot_paths -f "$cur"; return ;;
		--format) _cot_words 'text json junit sarif github html' "$cur"; return ;;
		--lang) _cot_words 'nl fr en' "$cur"; return ;;
		--route) _cot_words 'vitalink direct' "$cur"; return ;;
		--kind) _cot_words 'organisation vendor' "$cur"; return ;;
		esac
		if [[ $cur == -* ]]; then
			_cot_words '--requirements --record --format --output --lang --route --kind --help' "$cur"
		else
			_cot_paths -f "$cur"
		fi
		;;
	# <<< command check
	# >>> command lint
	lint)
		case $prev in
		--requirements | -o | --output) _cot_paths -f "$cur"; return ;;
		--format) _cot_words 'text json junit sarif github' "$cur"; return ;;
		esac
		if [[ $cur == -* ]]; then
			_cot_words '--strict --requirements --format --output --help' "$cur"
		else
			_cot_paths -f "$cur"
		fi
		;;
	# <<< command lint
	# >>> command bundle
	bundle)
		case $prev in
		-o | --output | --keystore | --password-file) _cot_paths -f "$cur"; return ;;
		--password-env) mapfile -t COMPREPLY < <(compgen -e -- "$cur"); return ;;
		--date) _cot_words "$(date -u +%Y-%m-%d)" "$cur"; return ;;
		--tsa | --tsa-timeout) return ;;
		esac
		_cot_words '--output --keystore --password-file --password-env --tsa --tsa-timeout --unsigned --date --help' "$cur"
		;;
	# <<< command bundle
	# >>> command verify
	verify)
		case $prev in
		-o | --output | --requirements | --register) _cot_paths -f "$cur"; return ;;
		--trust)
			mapfile -t COMPREPLY < <(compgen -W 'ehealth-production ehealth-acceptance' -- "$cur"
				compgen -f -- "$cur")
			return ;;
		--format) _cot_words 'text json junit html etsi' "$cur"; return ;;
		--tsa-trust) _cot_paths -f "$cur"; return ;;
		--at) return ;;
		-j | --jobs) _cot_words '1 2 4 8' "$cur"; return ;;
		esac
		if [[ $cur == -* ]]; then
			_cot_words '--trust --tsa-trust --offline --at --requirements --register --format --jobs --output --help' "$cur"
		else
			_cot_paths -f "$cur"
		fi
		;;
	# <<< command verify
	# >>> command countersign
	countersign)
		case $prev in
		-o | --output | --keystore | --password-file | --requirements | --register)
			_cot_paths -f "$cur"; return ;;
		--trust)
			mapfile -t COMPREPLY < <(compgen -W 'ehealth-production ehealth-acceptance' -- "$cur"
				compgen -f -- "$cur")
			return ;;
		--password-env | --tsa) return ;;
		esac
		if [[ $cur == -* ]]; then
			_cot_words '--keystore --password-file --password-env --trust --requirements --register --tsa --output --help' "$cur"
		else
			_cot_paths -f "$cur"
		fi
		;;
	# <<< command countersign
	# >>> command submit
	submit)
		case $prev in
		--eml | --cacert | --keystore | --password-file) _cot_paths -f "$cur"; return ;;
		--smtp | --to | --password-env) return ;;
		esac
		_cot_words '--smtp --cacert --to --eml --dry-run --force --yes --keystore --password-file
			--password-env --help' "$cur"
		;;
	# <<< command submit
	# >>> command log
	log)
		case $prev in
		--format) _cot_words 'text json' "$cur"; return ;;
		esac
		_cot_words '--verify --format --help' "$cur"
		;;
	# <<< command log
	# >>> command demo
	demo)
		if [[ $cur == -* ]]; then
			_cot_words '--help' "$cur"
		else
			_cot_paths -d "$cur"
		fi
		;;
	# <<< command demo
	# >>> command help
	help)
		if [[ $cur == -* ]]; then
			_cot_words '--commands --verbs --options --help' "$cur"
		else
			_cot_words "$_cot_commands" "$cur"
		fi
		;;
	# <<< command help
	# >>> command cert
	cert)
		local verb=${COMP_WORDS[first]-}
		if ((COMP_CWORD == first)); then
			if [[ $cur == -* ]]; then
				_cot_words '--ref --date --env --password-file --password-env --format
					--warn-days --no-revocation --help' "$cur"
			else
				_cot_words 'request import show check' "$cur"
			fi
			return
		fi
		case $prev in
		--password-file) _cot_paths -f "$cur"; return ;;
		--env) _cot_words 'production acceptance' "$cur"; return ;;
		--format) _cot_words 'text json' "$cur"; return ;;
		--date) _cot_words "$(date -u +%Y-%m-%d)" "$cur"; return ;;
		--ref | --password-env | --warn-days) return ;;
		esac
		if [[ $cur != -* && $verb != request ]]; then
			_cot_paths -f "$cur"
			return
		fi
		case $verb in
		request) _cot_words '--date --ref --env --help' "$cur" ;;
		import) _cot_words '--password-file --password-env --date --help' "$cur" ;;
		show) _cot_words '--password-file --password-env --format --help' "$cur" ;;
		check) _cot_words '--warn-days --no-revocation --password-file --password-env --format
			--help' "$cur" ;;
		esac
		;;
	# <<< command cert
	# >>> command whitelist
	whitelist)
		local verb=${COMP_WORDS[first]-}
		if ((COMP_CWORD == first)); then
			if [[ $cur == -* ]]; then
				_cot_words '--file --kbo --name --nihii --since --reason --format --keystore
					--password-file --password-env --url --trust --cacert --offline --wait
					--interval --timeout --bundle --requirements --register --valid-for --help' "$cur"
			else
				_cot_words 'add remove list export sign check' "$cur"
			fi
			return
		fi
		case $prev in
		--file | --keystore | --password-file | --trust | --cacert | --bundle | --requirements | \
			--register) _cot_paths -f "$cur"; return ;;
		--format)
			if [[ $verb == export ]]; then
				_cot_words 'csv json xml' "$cur"
			else
				_cot_words 'text json' "$cur"
			fi
			return ;;
		--kbo | --name | --nihii | --since | --reason | --password-env | --url | --interval | --timeout | \
			--valid-for)
			return ;;
		esac
		case $verb in
		add)
			_cot_words '--kbo --name --nihii --bundle --trust --requirements --register --since --file
				--help' "$cur" ;;
		remove) _cot_words '--kbo --reason --file --help' "$cur" ;;
		list) _cot_words '--file --help' "$cur" ;;
		export) _cot_words '--format --file --help' "$cur" ;;
		sign) _cot_words '--keystore --password-file --password-env --valid-for --file --help' "$cur" ;;
		check)
			_cot_words '--url --file --kbo --trust --cacert --offline --wait --interval --timeout
				--format --help' "$cur" ;;
		esac
		;;
	# <<< command whitelist
	esac
}

_cot()
{
	local cur prev i cmd='' cmdi=0

	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# "--opt=value": bash splits it at "=" (COMP_WORDBREAKS)
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	# the command is the first word that is not a global option or its value
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-C | --format | --color | --lang)
			[[ ${COMP_WORDS[i + 1]-} == = ]] && ((i++))
			((i++)) ;;
		-* | =) ;;
		*)
			cmd=${COMP_WORDS[i]}
			cmdi=$i
			break ;;
		esac
	done

	if [[ -n $cmd ]]; then
		_cot_command_complete "$cmd" $((cmdi + 1))
		return 0
	fi

	case $prev in
	-C) _cot_paths -d "$cur"; return 0 ;;
	--format) _cot_words "$_cot_global_formats" "$cur"; return 0 ;;
	--color) _cot_words 'auto always never' "$cur"; return 0 ;;
	--lang) _cot_words 'nl fr en' "$cur"; return 0 ;;
	esac
	if [[ $cur == -* ]]; then
		_cot_words "$_cot_global_options" "$cur"
	else
		_cot_words "$_cot_commands" "$cur"
	fi
	return 0
}

complete -F _cot cot
