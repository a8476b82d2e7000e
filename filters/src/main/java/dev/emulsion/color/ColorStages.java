package dev.emulsion.color;

import dev.emulsion.param.StageProvider;
import dev.emulsion.param.StageSpec;

import java.util.List;

/** The colour family: white balance and colour response stages. */
public final class ColorStages implements StageProvider {
    @Override
    public List<StageSpec> stages() {
        return List.of(WhiteBalance.SPEC, ColorMatrix.SPEC, HueAdjust.SPEC, Monochrome.SPEC, SplitTone.SPEC);
    }
}
