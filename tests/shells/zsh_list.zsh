#!/usr/bin/env zsh
# Show what an interactive zsh lists on screen for a command line, in the
# order it lists it.
#
# usage: zsh -f zsh_list.zsh SCRIPT LINE
#   SCRIPT  a completion script for 9pic-help (completions/_9pic-help), sourced
#           after compinit
#   LINE    the command line up to the cursor; a trailing space starts a new word
# A real zsh runs in a pseudo-terminal (zpty), 200 columns wide so each match
# gets a row of its own: the line is typed, Tab pressed, and the listing zsh
# draws under the prompt is printed, one row a line, escapes and padding
# removed (`12 -- subject`).
zmodload zsh/zpty || exit 2
setopt extended_glob
script=${1:A} line=$2
zpty z zsh -f -i
zpty -w z 'stty cols 200 rows 60; PROMPT="> " RPROMPT= PS2= ; setopt no_beep'
zpty -w z 'autoload -Uz compinit && compinit -u -D'
zpty -w z "source ${(q)script}"
zpty -w z 'zstyle ":completion:*" list-grouped false; zstyle ":completion:*" insert-tab false'
zpty -w z 'zstyle ":completion:*" menu no; setopt auto_list no_list_ambiguous'
# The marker is split in what is typed, so the echo cannot be mistaken for it.
zpty -w z 'print -r -- "<RE""ADY>"'
while zpty -r z out; do [[ $out == *"<READY>"* ]] && break; done
zpty -w -n z "$line"$'\t'
# Read until a listing row has come and zsh has then been quiet for a second
# (the listing is complete), or 20 seconds have passed.
all= quiet=0 deadline=$(( SECONDS + 20 ))
while (( SECONDS < deadline )); do
  if zpty -r -t z chunk; then all+=$chunk; quiet=0; continue; fi
  sleep 0.1
  [[ $all == *" -- "* ]] && (( ++quiet >= 10 )) && break
done
zpty -d z
all=${all//$'\r'/}
# Moving the cursor up (to redraw the prompt) ends a row; other escapes go.
all=${all//$'\e'\[[0-9]#A/$'\n'}
all=${all//$'\e'\[[0-9;?]#[a-zA-Z]/}
for row in ${(f)all}; do
  [[ $row == *" -- "* ]] || continue
  print -r -- "${row%% *} -- ${${row#* -- }%%[[:space:]]#}"
done
