package dev.emulsion.cli;

import dev.emulsion.presets.PresetLibrary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Entry point of the {@code emulsion} command. Exit codes: 0 success, 1 a failure while working (some file
 * failed), 2 a usage error (unknown option or preset, a value out of range), with the message on stderr.
 */
public final class Main {
    /** The process's stderr writer; the progress bar is only drawn when the command writes here. */
    static final PrintWriter SYSTEM_ERR = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);

    private Main() {
    }

    /** The top-level command: only subcommands. */
    @Command(name = "emulsion", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Film-look post-processing for AI-generated and digital images.",
            commandListHeading = "%nCommands:%n",
            footer = {"", "Exit codes: 0 ok, 1 some file failed, 2 usage error.",
                "Docs: docs/cli.md, docs/PARAMETERS.md"})
    static final class Root implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "a command is required: allowed is apply, presets, params or completion");
        }
    }

    /** Reads the version written into the jar at build time. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties p = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException ignored) {
                // fall through to "unknown"
            }
            return new String[] {"emulsion " + p.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }

    /**
     * Builds the command line with the given writers and preset library.
     *
     * @return a configured picocli {@code CommandLine}
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, PresetLibrary library) {
        CommandLine cl = new CommandLine(new Root());
        cl.addSubcommand("apply", new ApplyCommand(library));
        cl.addSubcommand("presets", new PresetsCommand(library));
        cl.addSubcommand("params", new ParamsCommand());
        cl.addSubcommand("completion", new CompletionCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter w = c.getErr();
            w.println("emulsion: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, w);
            w.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for what is allowed.");
            w.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            PrintWriter w = c.getErr();
            w.println("emulsion: error: " + ImageFiles.reason(ex));
            if (System.getenv("EMULSION_DEBUG") != null) {
                ex.printStackTrace(w);
            }
            w.flush();
            return 1;
        });
        return cl;
    }

    /**
     * Runs the command line and returns its exit code (for tests and embedding; does not exit).
     *
     * @param out standard output
     * @param err standard error
     * @param args the arguments
     * @return 0, 1 or 2
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        int code = commandLine(out, err, PresetLibrary.standard()).execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        System.exit(run(out, SYSTEM_ERR, args));
    }
}
