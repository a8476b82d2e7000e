package dev.emulsion.param;

import java.util.List;

/**
 * A family of stages made known to the {@link StageRegistry} through {@link java.util.ServiceLoader}: each
 * stage package has one provider, listed in {@code META-INF/services/dev.emulsion.param.StageProvider}.
 */
public interface StageProvider {
    /** @return the declarations of this family's stages */
    List<StageSpec> stages();
}
