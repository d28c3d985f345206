package dev.pipeline.fetcher.upload;

import java.nio.file.Path;

/**
 * One file of an upload, copied out of the request so the run can read it after the response.
 *
 * @param name   the client's file name, cleaned: only ever part of an error's endpoint, never a path
 * @param format how to read it
 * @param copy   the local copy, deleted once the run has read it
 */
record UploadedFile(String name, UploadFormat format, Path copy) {

    private static final int MAX_NAME_LENGTH = 200;

    /** The last segment of what the client called the file, without control characters. */
    static String cleanName(String original, int index) {
        String name = original == null ? "" : original;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
                .replaceAll("\\p{Cntrl}", "").strip();
        if (name.isEmpty()) {
            return "file-" + (index + 1);
        }
        return name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH) : name;
    }
}
