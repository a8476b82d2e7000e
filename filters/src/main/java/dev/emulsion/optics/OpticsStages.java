package dev.emulsion.optics;

import dev.emulsion.param.StageProvider;
import dev.emulsion.param.StageSpec;

import java.util.List;

/** The optics family: lens geometry and light in the film (distortion to bloom). */
public final class OpticsStages implements StageProvider {
    @Override
    public List<StageSpec> stages() {
        return List.of(Distortion.SPEC, ChromaticAberration.SPEC, LensSoftness.SPEC, Vignette.SPEC,
                Halation.SPEC, Bloom.SPEC);
    }
}
