package dev.emulsion.chain;

/**
 * A point stage whose output depends only on the input pixel's colour: not on its position, the image size
 * or the seed. Only such stages can be baked into a 3D LUT.
 */
public interface ColorStage extends PointStage {
}
