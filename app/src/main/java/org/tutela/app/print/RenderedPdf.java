package org.tutela.app.print;

import java.util.List;

/**
 * A PDF rendered in memory (never written to disk by rendering), with its page count and the
 * layout of its boxes.
 */
public record RenderedPdf(byte[] bytes, int pages, List<Region> regions) {
    public RenderedPdf {
        regions = List.copyOf(regions);
    }
}
