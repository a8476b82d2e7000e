/**
 * Depth of field: {@link dev.emulsion.depth.DepthBlur} blurs an image by a depth map like a real lens
 * (thin-lens circle of confusion, occlusion-correct layered compositing, aperture-shaped bokeh);
 * {@link dev.emulsion.depth.DepthMap} reads, resamples and synthesizes depth.
 */
package dev.emulsion.depth;
