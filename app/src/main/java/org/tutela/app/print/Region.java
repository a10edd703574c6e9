package org.tutela.app.print;

/**
 * Where a box of the form was drawn: its name, the page (0-based, in the whole document) and
 * its rectangle in points from the page's top-left corner. A box that flows onto another page
 * has one region per page, the later ones with {@code continued} set.
 */
public record Region(String box, int page, float x, float top, float width, float height, boolean continued) {
}
