
set edit:completion:arg-completer[9pic-help] = { |@words|
    var index = (count $words)
    set index = (- $index 1)

    put (env _CLAP_IFS="\n" _CLAP_COMPLETE_INDEX=(to-string $index) NINEPIC_HELP_COMPLETE="elvish" 9pic-help -- $@words) | to-lines
}

