package dev.pipeline.fetcher.upload;

/** An uploaded file that cannot be read as what it claims to be; the message says where and why. */
class MalformedFileException extends Exception {

    MalformedFileException(String message) {
        super(message, null, false, false);
    }
}
