package dev.emulsion.cli;

import dev.emulsion.param.ParamReference;
import dev.emulsion.param.StageRegistry;
import dev.emulsion.param.StageSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code emulsion params [STAGE...]}: the parameter reference, generated from the stage declarations. */
@Command(name = "params", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Print every stage parameter (name, type, unit, range, default, meaning): what --set and preset files accept.")
final class ParamsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "STAGE", description = "Only these stages (default: all).")
    List<String> stages = new ArrayList<>();

    @Override
    public Integer call() {
        List<StageSpec> specs = new ArrayList<>();
        if (stages.isEmpty()) {
            specs.addAll(StageRegistry.all());
        } else {
            for (String s : stages) {
                try {
                    specs.add(StageRegistry.get(s));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage());
                }
            }
        }
        spec.commandLine().getOut().print(ParamReference.markdown(specs));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
