package dev.pipeline.fetcher.upload;

import tools.jackson.databind.JsonNode;

/** Receives a file's items in order; {@code position} counts from 1 (a CSV row, a JSON array element). */
interface ItemVisitor {

    void item(long position, JsonNode item);

    /** An item the file format itself spoils, such as a CSV row with the wrong number of fields. */
    void invalid(long position, String reason);
}
