package dev.pipeline.fetcher.upload;

import dev.pipeline.fetcher.run.RunLauncher;
import dev.pipeline.fetcher.run.RunView;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;


import java.util.List;

/**
 * {@code POST /api/uploads}: JSON or CSV files in the multipart part {@code files} become a run of
 * source {@code upload}, answered like {@code POST /api/runs}: 202 with the run and its Location.
 * Sizes are capped by {@code spring.servlet.multipart.*} (413 beyond), the file count by
 * {@code pipeline.upload.max-files}.
 */
@RestController
@RequestMapping("/api/uploads")
class UploadController {

    private final RunLauncher launcher;
    private final UploadProperties properties;

    UploadController(RunLauncher launcher, UploadProperties properties) {
        this.launcher = launcher;
        this.properties = properties;
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<RunView> upload(@RequestPart("files") List<MultipartFile> files) throws InterruptedException {
        if (files.size() > properties.maxFiles()) {
            throw problem(HttpStatus.BAD_REQUEST, "Too many files",
                    files.size() + " files in one upload; at most " + properties.maxFiles() + " are taken");
        }
        List<UploadFormat> formats = files.stream().map(UploadController::formatOf).toList();
        List<UploadedFile> copies = UploadedFile.keep(files, formats);
        try {
            RunView run = launcher.start(UploadRun.SOURCE, new UploadRun(copies));
            return ResponseEntity.accepted()
                    .location(ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/runs/{id}")
                            .build(run.runId()))
                    .body(run);
        } catch (RuntimeException e) {
            UploadRun.discard(copies);
            throw e;
        }
    }

    private static UploadFormat formatOf(MultipartFile file) {
        return UploadFormat.of(file.getOriginalFilename(), file.getContentType()).orElseThrow(() ->
                problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported file type",
                        "'" + UploadedFile.cleanName(file.getOriginalFilename(), 0)
                                + "' is neither JSON (.json, application/json) nor CSV (.csv, text/csv)"));
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
