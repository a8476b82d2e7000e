package dev.emulsion.lut;

import dev.emulsion.param.StageProvider;
import dev.emulsion.param.StageSpec;

import java.util.List;

/** The LUT family: the {@code lut} stage. */
public final class LutStages implements StageProvider {
    @Override
    public List<StageSpec> stages() {
        return List.of(LutStage.SPEC);
    }
}
