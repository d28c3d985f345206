package dev.pipeline.fetcher.upload;

/**
 * What a first read of an uploaded file found, before its run starts: how many items it holds, or
 * why it cannot be read as its format (then none of it is published, and the run has one
 * {@code malformed_page} error for it).
 *
 * @param items        items found; 0 for a malformed file
 * @param itemProperty for a JSON object, the property holding its items; {@code null} otherwise
 * @param malformed    why the file cannot be read, or {@code null}
 */
record FileScan(long items, String itemProperty, String malformed) {

    static FileScan of(long items, String itemProperty) {
        return new FileScan(items, itemProperty, null);
    }

    static FileScan malformed(String reason) {
        return new FileScan(0, null, reason);
    }

    boolean isMalformed() {
        return malformed != null;
    }
}
