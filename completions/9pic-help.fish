complete --keep-order --exclusive --command 9pic-help --arguments "(NINEPIC_HELP_COMPLETE=fish 9pic-help -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
