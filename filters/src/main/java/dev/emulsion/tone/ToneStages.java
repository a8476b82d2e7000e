package dev.emulsion.tone;

import dev.emulsion.param.StageProvider;
import dev.emulsion.param.StageSpec;

import java.util.List;

/** The tone family: exposure, the film curve, fade and print tone stages. */
public final class ToneStages implements StageProvider {
    @Override
    public List<StageSpec> stages() {
        return List.of(Exposure.SPEC, FilmCurve.SPEC, Fade.SPEC, BasicTone.SPEC);
    }
}
