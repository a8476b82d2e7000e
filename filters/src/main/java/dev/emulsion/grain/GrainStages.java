package dev.emulsion.grain;

import dev.emulsion.param.StageProvider;
import dev.emulsion.param.StageSpec;

import java.util.List;

/** The grain family: film grain in the density domain. */
public final class GrainStages implements StageProvider {
    @Override
    public List<StageSpec> stages() {
        return List.of(Grain.SPEC);
    }
}
