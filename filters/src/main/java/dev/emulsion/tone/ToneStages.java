package dev.emulsion.tone;

import dev.emulsion.param.StageProvider;
import dev.emulsion.param.StageSpec;

import java.util.List;

/** The tone family: exposure and print tone stages. */
public final class ToneStages implements StageProvider {
    @Override
    public List<StageSpec> stages() {
        return List.of(Exposure.SPEC, BasicTone.SPEC);
    }
}
