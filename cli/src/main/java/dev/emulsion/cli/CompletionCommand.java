package dev.emulsion.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code emulsion completion}: prints a bash/zsh completion script. */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Print a bash/zsh completion script for emulsion.",
            "Use: source <(./emulsion completion)   or save it to /etc/bash_completion.d/emulsion"})
final class CompletionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        String script = AutoComplete.bash("emulsion", spec.root().commandLine());
        spec.commandLine().getOut().print(script);
        spec.commandLine().getOut().flush();
    }
}
