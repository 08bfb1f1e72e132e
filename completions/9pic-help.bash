
_clap_complete_9pic_help() {
    local IFS=$'\013'
    local _CLAP_COMPLETE_COMP_TYPE=${COMP_TYPE}
    if compopt +o nospace 2> /dev/null; then
        local _CLAP_COMPLETE_SPACE=false
    else
        local _CLAP_COMPLETE_SPACE=true
    fi
    local cur=${COMP_WORDS[COMP_CWORD]}
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur=$2
    fi
    # Glue the pieces bash split at COMP_WORDBREAKS (no blank between them).
    local line=${COMP_LINE:0:COMP_POINT} words=() i=0 j=-1 piece gap
    for ((i = 0; i <= COMP_CWORD; i++)); do
        piece=${COMP_WORDS[i]}
        ((i == COMP_CWORD)) && piece=$cur
        gap=${line%%[![:space:]]*}
        line=${line:${#gap}}
        if ((j >= 0)) && [[ -z $gap ]]; then
            words[j]+=$piece
        else
            words[++j]=$piece
        fi
        line=${line:${#piece}}
    done
    # What bash will not replace: the glued word's start before bash's own word.
    local keep=${words[j]:0:${#words[j]}-${#cur}}
    COMPREPLY=( $(         _CLAP_IFS="$IFS"         _CLAP_COMPLETE_INDEX="$j"         _CLAP_COMPLETE_COMP_TYPE="$_CLAP_COMPLETE_COMP_TYPE"         _CLAP_COMPLETE_SPACE="$_CLAP_COMPLETE_SPACE"         NINEPIC_HELP_COMPLETE="bash"         "9pic-help" -- "${words[@]}"     ) )
    if [[ $? != 0 ]]; then
        unset COMPREPLY
        return
    fi
    if [[ -n $keep ]]; then
        COMPREPLY=( "${COMPREPLY[@]#"$keep"}" )
    fi
    if [[ $_CLAP_COMPLETE_SPACE == false ]] && [[ "${COMPREPLY-}" =~ [=/:]$ ]]; then
        compopt -o nospace
    fi
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -o nospace -o bashdefault -o nosort -F _clap_complete_9pic_help 9pic-help
else
    complete -o nospace -o bashdefault -F _clap_complete_9pic_help 9pic-help
fi
