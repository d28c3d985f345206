package dev.pipeline.common.original;

/** Two sources of one start would have the same name; the message says where each was given. */
public final class DuplicateSourceName extends IllegalArgumentException {

    DuplicateSourceName(String name, String first, String second) {
        super("two sources would be named '" + name + "' (" + first + " and " + second
                + "); give them different names");
    }
}
