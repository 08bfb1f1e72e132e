
Register-ArgumentCompleter -Native -CommandName 9pic-help -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $prev = $env:NINEPIC_HELP_COMPLETE;
    $env:NINEPIC_HELP_COMPLETE = "powershell";

    $args = $commandAst.Extent.Text
    $args = $args.Substring(0, [math]::Min($cursorPosition, $args.Length));
    if ($wordToComplete -eq "") {
        $args += " ''";
    }

    $results = Invoke-Expression @"
& 9pic-help -- $args
"@;
    if ($null -eq $prev) {
        Remove-Item Env:\NINEPIC_HELP_COMPLETE;
    } else {
        $env:NINEPIC_HELP_COMPLETE = $prev;
    }
    $results | ForEach-Object {
        $split = $_.Split("`t");
        $cmd = $split[0];

        if ($split.Length -eq 2) {
            $help = $split[1];
        }
        else {
            $help = $split[0];
        }

        [System.Management.Automation.CompletionResult]::new($cmd, $cmd, 'ParameterValue', $help)
    }
};
        
