#!/usr/bin/env bash
# Ask bash's programmable completion what it offers for a command line.
#
# usage: bash_complete.sh SCRIPT LINE
#   SCRIPT  a completion script for 9pic-help (completions/9pic-help.bash)
#   LINE    the command line up to the cursor; a trailing space starts a new word
# Prints COMPREPLY, one candidate per line. Exits non-zero when the script
# registers no completion function for 9pic-help.
#
# The words are cut as readline cuts them for COMP_WORDS: at blanks, and again
# at every character of COMP_WORDBREAKS (`:` and `=` among them), a run of
# break characters being a word of its own — so `--open webmail:g` reaches
# the function as `--open` `webmail` `:` `g`, as in an interactive bash.
# (Quotes are not handled: the lines the tests type hold none.)
set -u
script=$1
line=$2
# shellcheck source=/dev/null
source "$script" || exit 3
spec=$(complete -p 9pic-help 2>/dev/null) || { echo "no completion registered for 9pic-help" >&2; exit 4; }
fn=$(sed -E 's/.*-F ([^ ]+) .*/\1/' <<<"$spec")
breaks=${COMP_WORDBREAKS//[[:space:]]/}
COMP_WORDS=()
word="" kind=""  # kind of the word being built: "text" or "break"
for ((i = 0; i < ${#line}; i++)); do
  c=${line:i:1}
  if [[ $c == [[:space:]] ]]; then
    [[ -n $kind ]] && COMP_WORDS+=("$word")
    word="" kind=""
    continue
  fi
  if [[ $breaks == *"$c"* ]]; then new=break; else new=text; fi
  if [[ -n $kind && $kind != "$new" ]]; then COMP_WORDS+=("$word"); word=""; fi
  word+=$c kind=$new
done
# The word under the cursor: the one being typed, or a new empty one.
COMP_WORDS+=("$word")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMP_LINE=$line
COMP_POINT=${#line}
COMP_TYPE=9
COMPREPLY=()
prev=""
((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
"$fn" 9pic-help "${COMP_WORDS[COMP_CWORD]}" "$prev"
if ((${#COMPREPLY[@]})); then printf '%s\n' "${COMPREPLY[@]}"; fi
