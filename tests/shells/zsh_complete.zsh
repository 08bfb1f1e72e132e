#!/usr/bin/env zsh
# Ask zsh's completion system what it offers for a command line.
#
# usage: zsh -f zsh_complete.zsh MODE SCRIPT LINE
#   MODE    `source` (the script is sourced after compinit) or `fpath` (the script
#           is installed as _9pic-help in a directory on $fpath, as packagers do)
#   SCRIPT  a completion script for 9pic-help (completions/_9pic-help)
#   LINE    the command line up to the cursor; a trailing space starts a new word
# Prints one line per candidate: the value, then a tab and its description
# when zsh shows one. A real interactive zsh runs in a pseudo-terminal (zpty):
# the line is typed, Tab pressed, and `compadd` is wrapped to report each match.
zmodload zsh/zpty || exit 2
mode=$1 script=${2:A} line=$3
zpty z zsh -f -i
zpty -w z 'PROMPT= RPROMPT= PS2= ; setopt no_beep'
if [[ $mode == fpath ]]; then
  zpty -w z "fpath=(${(q)script:h} \$fpath)"
  zpty -w z 'autoload -Uz compinit && compinit -u -D'
else
  zpty -w z 'autoload -Uz compinit && compinit -u -D'
  zpty -w z "source ${(q)script}"
fi
zpty -w z 'zstyle ":completion:*" list-grouped false; zstyle ":completion:*" insert-tab false'
# Report every match (and the display string _describe gives it) between markers.
zpty -w z 'compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  local -a __hits __dscr; builtin compadd -A __hits "$@"; (( $#__hits )) || return 1
  if (( $@[(I)-d] )); then __dscr=( "${(@P)${@[$[${@[(i)-d]}+1]]}}" ); fi
  local i; for i in {1..$#__hits}; do print -r -- "<""M>$__hits[i]<""D>$__dscr[$i]<""E>"; done
}'
# The markers are split in what is typed ("<RE""ADY>"), so the terminal's echo of
# a typed line can never be mistaken for the output it waits for.
zpty -w z 'comppostfuncs=( _report_done ); _report_done() { print -r -- "<DO""NE>"; exit }'
zpty -w z 'print -r -- "<RE""ADY>"'
while zpty -r z out; do [[ $out == *"<READY>"* ]] && break; done
zpty -w -n z "$line"$'\t'
while zpty -r z out; do
  out=${out//$'\r'/}
  while [[ $out == *"<M>"*"<E>"* ]]; do
    out=${out#*<M>}
    item=${out%%<E>*}
    out=${out#*<E>}
    value=${item%%<D>*} display=${item#*<D>}
    # _describe displays "value  -- description"; plain compadd shows the value alone.
    if [[ $display == *" -- "* ]]; then
      print -r -- "$value"$'\t'"${${display#* -- }##[[:space:]]#}"
    else
      print -r -- "$value"
    fi
  done
  [[ $out == *"<DONE>"* ]] && break
done
zpty -d z
