#!/usr/bin/env bash
# Ask bash's programmable completion what it offers for a command line.
#
# usage: bash_complete.sh SCRIPT LINE
#   SCRIPT  a completion script for 9pic-help (completions/9pic-help.bash)
#   LINE    the command line up to the cursor; a trailing space starts a new word
# Prints COMPREPLY, one candidate per line. Exits non-zero when the script
# registers no completion function for 9pic-help.
set -u
script=$1
line=$2
# shellcheck source=/dev/null
source "$script" || exit 3
spec=$(complete -p 9pic-help 2>/dev/null) || { echo "no completion registered for 9pic-help" >&2; exit 4; }
fn=$(sed -E 's/.*-F ([^ ]+) .*/\1/' <<<"$spec")
read -ra COMP_WORDS <<<"$line"
if [[ $line == *" " ]]; then COMP_WORDS+=(""); fi
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE=$line
COMP_POINT=${#line}
COMP_TYPE=9
COMPREPLY=()
"$fn" 9pic-help "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
if ((${#COMPREPLY[@]})); then printf '%s\n' "${COMPREPLY[@]}"; fi
