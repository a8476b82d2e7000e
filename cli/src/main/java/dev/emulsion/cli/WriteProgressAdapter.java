package dev.emulsion.cli;

import javax.imageio.ImageWriter;
import javax.imageio.event.IIOWriteProgressListener;

/**
 * An {@link IIOWriteProgressListener} whose every method does nothing, so a listener overrides only the
 * events it needs (the JDK has no such adapter for writers).
 */
abstract class WriteProgressAdapter implements IIOWriteProgressListener {
    @Override
    public void imageStarted(ImageWriter source, int imageIndex) {
    }

    @Override
    public void imageProgress(ImageWriter source, float percentageDone) {
    }

    @Override
    public void imageComplete(ImageWriter source) {
    }

    @Override
    public void thumbnailStarted(ImageWriter source, int imageIndex, int thumbnailIndex) {
    }

    @Override
    public void thumbnailProgress(ImageWriter source, float percentageDone) {
    }

    @Override
    public void thumbnailComplete(ImageWriter source) {
    }

    @Override
    public void writeAborted(ImageWriter source) {
    }
}
