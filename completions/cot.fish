# fish completion for cot(1).
#
# Install in a directory of $fish_complete_path
# (e.g. /usr/share/fish/vendor_completions.d/cot.fish).
#
# To add a command: add it to the commands block (to __cot_commands and a
# 'complete -a NAME' line), and a block
#   # >>> command NAME ... # <<< command NAME
# with its options (those of 'cot help --options NAME' plus --help) and their
# values; if some take a value, add them to __cot_value_options too.
# tests/cli/test-completions.sh checks this file against the binary.

# The command on the command line (the first word that is not a global option
# or its value); fails when there is none yet.
function __cot_command
    set -l tokens (commandline -opc)
    set -e tokens[1]
    while set -q tokens[1]
        switch $tokens[1]
            case -C --format --color --lang
                set -e tokens[1]
            case '-*'
            case '*'
                echo $tokens[1]
                return 0
        end
        set -e tokens[1]
    end
    return 1
end

function __cot_needs_command
    not __cot_command >/dev/null
end

# True when the command on the command line is $argv[1].
function __cot_using
    set -l cmd (__cot_command)
    or return 1
    test "$cmd" = "$argv[1]"
end

# The options of all commands that take a value in the next word.
set -g __cot_value_options --name --kbo --nihii --route --kind --lang --format --date --ref --file --note --requirements --output -o --since --reason --keystore --password-file --password-env --url --trust --cacert --interval --timeout --jobs -j --env --warn-days --bundle --register --valid-for --smtp --to --eml --tsa --tsa-timeout

# The number of operands after the command, before the cursor.
function __cot_operands
    set -l tokens (commandline -opc)
    set -l n 0
    set -l seen 0
    set -e tokens[1]
    while set -q tokens[1]
        if test $seen = 0
            switch $tokens[1]
                case -C --format --color --lang
                    set -e tokens[1]
                case '-*'
                case '*'
                    set seen 1
            end
        else if contains -- $tokens[1] $__cot_value_options
            set -e tokens[1]
        else if not string match -q -- '-*' $tokens[1]
            set n (math $n + 1)
        end
        set -e tokens[1]
    end
    echo $n
end

# True when 'cot done' has no step yet.
function __cot_done_needs_step
    __cot_using done; and test (__cot_operands) = 0
end

complete -c cot -f

# >>> commands
set -g __cot_commands init status done check lint log demo help whitelist cert bundle verify countersign submit
complete -c cot -n __cot_needs_command -a init -d 'Create the project directory of an organisation'
complete -c cot -n __cot_needs_command -a status -d 'Show where the procedure stands'
complete -c cot -n __cot_needs_command -a done -d 'Record a step of the procedure, or revoke one'
complete -c cot -n __cot_needs_command -a check -d 'Check the checklist answers before submission'
complete -c cot -n __cot_needs_command -a lint -d 'Check requirement sets and answer files'
complete -c cot -n __cot_needs_command -a log -d 'List the journal, or verify it'
complete -c cot -n __cot_needs_command -a demo -d 'Run the whole procedure on sample data'
complete -c cot -n __cot_needs_command -a help -d 'Show the help of cot or of a command'
complete -c cot -n __cot_needs_command -a whitelist -d 'Keep the whitelist, or check an organisation on it'
complete -c cot -n __cot_needs_command -a cert -d 'Request, import, show and check the eHealth certificate'
complete -c cot -n __cot_needs_command -a bundle -d 'Build the signed container of the submission'
complete -c cot -n __cot_needs_command -a verify -d 'Verify submitted bundles'
complete -c cot -n __cot_needs_command -a countersign -d 'Countersign a bundle that passes (the FOD)'
complete -c cot -n __cot_needs_command -a submit -d 'Send the signed bundle to the circle-of-trust address'
# <<< commands

# >>> global
complete -c cot -n __cot_needs_command -s C -x -a '(__fish_complete_directories)' -d 'Run as if started in DIR'
complete -c cot -n __cot_needs_command -l format -x -a 'text json junit sarif github html csv xml etsi' -d 'Output format'
complete -c cot -n __cot_needs_command -l color -x -a 'auto always never' -d 'When to use colour'
complete -c cot -n __cot_needs_command -l lang -x -a 'nl fr en' -d 'Language of messages and reports'
complete -c cot -n __cot_needs_command -s q -l quiet -d 'Only errors'
complete -c cot -n __cot_needs_command -s v -l verbose -d 'More detail'
complete -c cot -n __cot_needs_command -l version -d 'Print the version'
complete -c cot -n __cot_needs_command -s h -l help -d 'Show the help'
# <<< global

# >>> command init
complete -c cot -n '__cot_using init' -l name -x -d "The organisation's name"
complete -c cot -n '__cot_using init' -l kbo -x -d 'Its KBO/CBE enterprise number'
complete -c cot -n '__cot_using init' -l nihii -x -d 'Its 8-digit NIHII/RIZIV number'
complete -c cot -n '__cot_using init' -l route -x -a 'vitalink\t"already in the Vitalink circle of trust" direct\t"not in the Vitalink circle of trust"' -d 'The onboarding route'
complete -c cot -n '__cot_using init' -l kind -x -a 'organisation vendor' -d 'Organisation or software vendor'
complete -c cot -n '__cot_using init' -l lang -x -a 'nl fr en' -d 'Language of messages, reports and mail'
complete -c cot -n '__cot_using init' -l example -d 'Fill in a complete sample organisation'
complete -c cot -n '__cot_using init' -l help -d 'Show the help'
complete -c cot -n '__cot_using init' -a '(__fish_complete_directories)'
# <<< command init

# >>> command status
complete -c cot -n '__cot_using status' -l format -x -a 'text json' -d 'Output format'
complete -c cot -n '__cot_using status' -l help -d 'Show the help'
# <<< command status

# >>> command done
complete -c cot -n '__cot_using done' -l date -x -a '(date -u +%Y-%m-%d)' -d 'The day it happened (YYYY-MM-DD)'
complete -c cot -n '__cot_using done' -l ref -x -d 'A reference: mail subject, ticket, letter number'
complete -c cot -n '__cot_using done' -l file -r -F -d 'A document inside the project that proves it'
complete -c cot -n '__cot_using done' -l note -x -d 'A remark; with --revoke, the reason'
complete -c cot -n '__cot_using done' -l revoke -d 'Record that the step is not done after all'
complete -c cot -n '__cot_using done' -l help -d 'Show the help'
# the steps of both routes (src/lib/procedure.c)
complete -c cot -n __cot_done_needs_step -a cert-requested -d 'eHealth organisation certificate requested'
complete -c cot -n __cot_done_needs_step -a cert-received -d 'Certificate received'
complete -c cot -n __cot_done_needs_step -a vitalink-requested -d 'Vitalink circle of trust requested (vitalink)'
complete -c cot -n __cot_done_needs_step -a vitalink-contract-received -d 'Vitalink contract received (vitalink)'
complete -c cot -n __cot_done_needs_step -a registered -d 'Registered with proof of mandate (direct)'
complete -c cot -n __cot_done_needs_step -a checklist-complete -d 'Security checklist complete (direct)'
complete -c cot -n __cot_done_needs_step -a contract-signed -d 'BelRAI contract signed'
complete -c cot -n __cot_done_needs_step -a submitted -d 'Submission sent'
complete -c cot -n __cot_done_needs_step -a fod-validated -d 'Validated by the FOD'
complete -c cot -n __cot_done_needs_step -a whitelisted -d 'On the BelRAI whitelist'
complete -c cot -n __cot_done_needs_step -a contract-returned -d 'Countersigned contract returned'
# <<< command done

# >>> command check
complete -c cot -n '__cot_using check' -l requirements -r -F -d 'The requirement set to check against'
complete -c cot -n '__cot_using check' -l record -d 'When ready, record the step checklist-complete'
complete -c cot -n '__cot_using check' -l format -x -a 'text json junit sarif github html' -d 'Output format'
complete -c cot -n '__cot_using check' -s o -l output -r -F -d 'Write the report to a file'
complete -c cot -n '__cot_using check' -l lang -x -a 'nl fr en' -d 'Language of labels, titles and verdict'
complete -c cot -n '__cot_using check' -l route -x -a 'vitalink direct' -d 'Outside a project: the route'
complete -c cot -n '__cot_using check' -l kind -x -a 'organisation vendor' -d 'Outside a project: the kind'
complete -c cot -n '__cot_using check' -l help -d 'Show the help'
complete -c cot -n '__cot_using check' -F
# <<< command check

# >>> command lint
complete -c cot -n '__cot_using lint' -l strict -d 'Warnings count too'
complete -c cot -n '__cot_using lint' -l requirements -r -F -d 'A requirement set the answers may name'
complete -c cot -n '__cot_using lint' -l format -x -a 'text json junit sarif github' -d 'Output format'
complete -c cot -n '__cot_using lint' -s o -l output -r -F -d 'Write the report to a file'
complete -c cot -n '__cot_using lint' -l help -d 'Show the help'
complete -c cot -n '__cot_using lint' -F
# <<< command lint

# >>> command bundle
complete -c cot -n '__cot_using bundle' -s o -l output -r -F -d 'The container to write'
complete -c cot -n '__cot_using bundle' -l keystore -r -F -d 'The eHealth keystore that signs'
complete -c cot -n '__cot_using bundle' -l password-file -r -F -d 'The keystore password: first line of a file'
complete -c cot -n '__cot_using bundle' -l password-env -x -a '(set -nx)' -d 'The keystore password: an environment variable'
complete -c cot -n '__cot_using bundle' -l tsa -x -d 'Timestamp the signature at this TSA (B-T)'
complete -c cot -n '__cot_using bundle' -l tsa-timeout -x -d 'Seconds for each request to the TSA'
complete -c cot -n '__cot_using bundle' -l unsigned -d 'An unsigned copy for review'
complete -c cot -n '__cot_using bundle' -l date -x -a '(date -u +%Y-%m-%d)' -d "The bundle's time"
complete -c cot -n '__cot_using bundle' -l help -d 'Show the help'
# <<< command bundle

# >>> command verify
complete -c cot -n '__cot_using verify' -l trust -r -F -a 'ehealth-production ehealth-acceptance' -d 'A trust anchor: PEM file or shipped set'
complete -c cot -n '__cot_using verify' -l tsa-trust -r -F -d 'A trust anchor for time-stamping authorities'
complete -c cot -n '__cot_using verify' -l offline -d 'Check revocation with the data the signatures carry only'
complete -c cot -n '__cot_using verify' -l at -x -d 'Validate as of a time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)'
complete -c cot -n '__cot_using verify' -l format -x -a 'text json junit html etsi' -d 'Output format'
complete -c cot -n '__cot_using verify' -s j -l jobs -x -a '1 2 4 8' -d 'Verify N bundles at a time'
complete -c cot -n '__cot_using verify' -s o -l output -r -F -d 'Write the report to a file'
complete -c cot -n '__cot_using verify' -l requirements -r -F -d 'Also trust this requirement set'
complete -c cot -n '__cot_using verify' -l register -r -F -d 'The authority register of NIHII numbers bound to KBOs'
complete -c cot -n '__cot_using verify' -l help -d 'Show the help'
complete -c cot -n '__cot_using verify' -F
# <<< command verify
# >>> command countersign
complete -c cot -n '__cot_using countersign' -l keystore -r -F -d 'The FOD\'s PKCS#12 keystore'
complete -c cot -n '__cot_using countersign' -l password-file -r -F -d 'The keystore password: first line of a file'
complete -c cot -n '__cot_using countersign' -l password-env -x -a '(set -nx)' -d 'The keystore password: an environment variable'
complete -c cot -n '__cot_using countersign' -l trust -r -F -a 'ehealth-production ehealth-acceptance' -d 'A trust anchor for the organisation\'s chain'
complete -c cot -n '__cot_using countersign' -l requirements -r -F -d 'Also trust this requirement set'
complete -c cot -n '__cot_using countersign' -l register -r -F -d 'The authority\'s register of NIHII numbers bound to KBOs'
complete -c cot -n '__cot_using countersign' -l tsa -x -d 'Add a signature time-stamp from this TSA'
complete -c cot -n '__cot_using countersign' -s o -l output -r -F -d 'The returned container to write'
complete -c cot -n '__cot_using countersign' -l help -d 'Show the help'
complete -c cot -n '__cot_using countersign' -F
# <<< command countersign

# >>> command submit
complete -c cot -n '__cot_using submit' -l smtp -x -d 'The mail server: smtp://HOST (STARTTLS) or smtps://HOST'
complete -c cot -n '__cot_using submit' -l cacert -r -F -d "Trust this CA for the server's certificate"
complete -c cot -n '__cot_using submit' -l to -x -d 'The recipient'
complete -c cot -n '__cot_using submit' -l eml -r -F -d 'Write the message to a file for a mail client'
complete -c cot -n '__cot_using submit' -l dry-run -d 'Show what would be sent; change nothing'
complete -c cot -n '__cot_using submit' -l force -d 'Send even though a bundle was sent before'
complete -c cot -n '__cot_using submit' -l yes -d 'Send to another recipient than the authority without asking'
complete -c cot -n '__cot_using submit' -l keystore -r -F -d 'The eHealth keystore, to build the bundle first'
complete -c cot -n '__cot_using submit' -l password-file -r -F -d 'The keystore password: first line of a file'
complete -c cot -n '__cot_using submit' -l password-env -x -d 'The keystore password: an environment variable'
complete -c cot -n '__cot_using submit' -l help -d 'Show the help'
# <<< command submit

# >>> command log
complete -c cot -n '__cot_using log' -l verify -d 'Verify the hash chain instead of listing'
complete -c cot -n '__cot_using log' -l format -x -a 'text json' -d 'Output format'
complete -c cot -n '__cot_using log' -l help -d 'Show the help'
# <<< command log

# >>> command demo
complete -c cot -n '__cot_using demo' -l help -d 'Show the help'
complete -c cot -n '__cot_using demo' -a '(__fish_complete_directories)'
# <<< command demo

# >>> command help
complete -c cot -n '__cot_using help' -l commands -d 'List the command names'
complete -c cot -n '__cot_using help' -l verbs -d 'List the verbs of a command'
complete -c cot -n '__cot_using help' -l options -d 'List the long options of a command'
complete -c cot -n '__cot_using help' -l help -d 'Show the help'
complete -c cot -n '__cot_using help' -a '$__cot_commands'
# <<< command help

# >>> command cert
complete -c cot -n '__cot_using cert; and test (__cot_operands) = 0' -a 'request' -d 'Record that the certificate was requested'
complete -c cot -n '__cot_using cert; and test (__cot_operands) = 0' -a 'import' -d 'Check a certificate or keystore, keep its public part'
complete -c cot -n '__cot_using cert; and test (__cot_operands) = 0' -a 'show' -d 'What a certificate holds'
complete -c cot -n '__cot_using cert; and test (__cot_operands) = 0' -a 'check' -d 'Exit 1 when the certificate needs attention'
complete -c cot -n '__cot_using cert; and test (__cot_operands) = 1' -F
complete -c cot -n '__cot_using cert' -l date -x -a '(date -u +%Y-%m-%d)' -d 'request/import: the day it happened'
complete -c cot -n '__cot_using cert' -l ref -x -d 'request: the reference at eHealth'
complete -c cot -n '__cot_using cert' -l env -x -a 'production acceptance' -d 'request: which environment'
complete -c cot -n '__cot_using cert' -l password-file -r -F -d 'The keystore password is the first line of this file'
complete -c cot -n '__cot_using cert' -l password-env -x -a '(set -nx)' -d 'The keystore password is in this variable'
complete -c cot -n '__cot_using cert' -l format -x -a 'text json' -d 'show, check: output format'
complete -c cot -n '__cot_using cert' -l warn-days -x -d 'check: exit 1 when it expires within N days'
complete -c cot -n '__cot_using cert' -l no-revocation -d 'check: do not ask the CA whether it is revoked'
complete -c cot -n '__cot_using cert' -l help -d 'Show the help'
# <<< command cert

# >>> command whitelist
complete -c cot -n '__cot_using whitelist; and test (__cot_operands) = 0' -a 'add' -d 'Admit an organisation'
complete -c cot -n '__cot_using whitelist; and test (__cot_operands) = 0' -a 'remove' -d 'Take an organisation off'
complete -c cot -n '__cot_using whitelist; and test (__cot_operands) = 0' -a 'list' -d 'Show the list and its signature'
complete -c cot -n '__cot_using whitelist; and test (__cot_operands) = 0' -a 'export' -d 'Write it as CSV, JSON or XML'
complete -c cot -n '__cot_using whitelist; and test (__cot_operands) = 0' -a 'sign' -d 'Sign it with the authority keystore'
complete -c cot -n '__cot_using whitelist; and test (__cot_operands) = 0' -a 'check' -d 'Is an organisation on it?'
complete -c cot -n '__cot_using whitelist' -l file -r -F -d 'The whitelist (check: a copy to read)'
complete -c cot -n '__cot_using whitelist' -l kbo -x -d 'KBO/CBE enterprise number'
complete -c cot -n '__cot_using whitelist' -l name -x -d 'add: the organisation name'
complete -c cot -n '__cot_using whitelist' -l nihii -x -d 'add: its 8-digit NIHII number'
complete -c cot -n '__cot_using whitelist' -l since -x -a '(date -u +%Y-%m-%d)' -d 'add: the day it was admitted'
complete -c cot -n '__cot_using whitelist' -l reason -x -d 'remove: why'
complete -c cot -n '__cot_using whitelist' -l format -x -a 'csv json xml text' -d 'export: csv, json or xml; check: text or json'
complete -c cot -n '__cot_using whitelist' -l keystore -r -F -d 'sign: the authority PKCS#12 keystore'
complete -c cot -n '__cot_using whitelist' -l password-file -r -F -d 'sign: the password is the first line of this file'
complete -c cot -n '__cot_using whitelist' -l password-env -x -a '(set -nx)' -d 'sign: the password is in this variable'
complete -c cot -n '__cot_using whitelist' -l url -x -d 'check: fetch the whitelist from this https URL'
complete -c cot -n '__cot_using whitelist' -l trust -r -F -d 'check: an anchor for the signature; add --bundle: for its signer'
complete -c cot -n '__cot_using whitelist' -l bundle -r -F -d 'add: take the organisation from a verified bundle'
complete -c cot -n '__cot_using whitelist' -l requirements -r -F -d 'add --bundle: also trust this requirement set'
complete -c cot -n '__cot_using whitelist' -l register -r -F -d 'add --bundle: the register of NIHII numbers bound to KBOs'
complete -c cot -n '__cot_using whitelist' -l valid-for -x -a '7 31 92' -d 'sign: days until the list next-update'
complete -c cot -n '__cot_using whitelist' -l cacert -r -F -d 'check: the CA of the HTTPS server'
complete -c cot -n '__cot_using whitelist' -l offline -d 'check: use the cached copy only'
complete -c cot -n '__cot_using whitelist' -l wait -d 'check: check again until listed'
complete -c cot -n '__cot_using whitelist' -l interval -x -d 'check --wait: seconds between checks'
complete -c cot -n '__cot_using whitelist' -l timeout -x -d 'check --wait: seconds to wait in all'
complete -c cot -n '__cot_using whitelist' -l help -d 'Show the help'
# <<< command whitelist
