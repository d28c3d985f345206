package dev.pipeline.fetcher.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.multipart.MultipartFile;

/**
 * One file of an upload, copied out of the request so the run can read it after the response.
 *
 * @param name   the client's file name, cleaned: only ever part of an error's endpoint, never a path
 * @param format how to read it
 * @param copy   the local copy, deleted once the run has read it
 */
record UploadedFile(String name, UploadFormat format, Path copy) {

    private static final int MAX_NAME_LENGTH = 200;

    /** Copies each part out of the request, as the file of the given format; all or none. */
    static List<UploadedFile> keep(List<MultipartFile> files, List<UploadFormat> formats) {
        List<UploadedFile> copies = new ArrayList<>();
        try {
            for (int i = 0; i < files.size(); i++) {
                Path copy = Files.createTempFile("pipeline-upload-", ".part");
                copies.add(new UploadedFile(cleanName(files.get(i).getOriginalFilename(), i), formats.get(i), copy));
                try (InputStream in = files.get(i).getInputStream()) {
                    Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return copies;
        } catch (IOException e) {
            UploadRun.discard(copies);
            throw new UncheckedIOException("could not keep the uploaded files", e);
        }
    }

    /** The last segment of what the client called the file, without control characters. */
    static String cleanName(String original, int index) {
        String name = original == null ? "" : original;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1)
                .replaceAll("\\p{Cntrl}", "")
                .strip();
        if (name.isEmpty()) {
            return "file-" + (index + 1);
        }
        return name.length() > MAX_NAME_LENGTH ? name.substring(0, MAX_NAME_LENGTH) : name;
    }
}
