package dev.emulsion.depth;

import dev.emulsion.param.StageProvider;
import dev.emulsion.param.StageSpec;

import java.util.List;

/** The depth family: depth-of-field lens blur. */
public final class DepthStages implements StageProvider {
    @Override
    public List<StageSpec> stages() {
        return List.of(DepthBlur.SPEC);
    }
}
