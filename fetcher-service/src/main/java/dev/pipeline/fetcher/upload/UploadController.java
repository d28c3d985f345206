package dev.pipeline.fetcher.upload;

import dev.pipeline.fetcher.run.RunLauncher;
import dev.pipeline.fetcher.run.RunView;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.http.HttpHeaders;
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

/**
 * {@code POST /api/uploads}: JSON or CSV files in the multipart part {@code files} become a run of
 * source {@code upload}, answered like {@code POST /api/runs}: 202 with the run and its Location.
 * Sizes are capped by {@code spring.servlet.multipart.*} (413 beyond), the rest by
 * {@link UploadProperties}: files (400), items (413: every file is read through before the run
 * starts, so nothing of a refused upload is published), uploads at once (429, see {@link UploadAdmission}).
 */
@RestController
@RequestMapping("/api/uploads")
class UploadController {

    private final RunLauncher launcher;
    private final UploadProperties properties;
    private final UploadPermits permits;
    private final Duration timeLimit;

    UploadController(RunLauncher launcher, UploadProperties properties, UploadPermits permits, KafkaProperties kafka) {
        this.launcher = launcher;
        this.properties = properties;
        this.permits = permits;
        this.timeLimit = timeLimit(kafka);
    }

    /**
     * Nine tenths of the transaction timeout, the rest being for the commit, as for a fetch task: an
     * upload is one transaction, which the broker aborts once {@code transaction.timeout.ms} is over.
     */
    static Duration timeLimit(KafkaProperties kafka) {
        Object timeout = kafka.buildProducerProperties().get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        long millis = timeout == null ? 60_000 : Long.parseLong(timeout.toString());
        return Duration.ofMillis(millis * 9 / 10);
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<RunView> upload(@RequestPart("files") List<MultipartFile> files, HttpServletRequest request) {
        UploadPermits.Permit permit =
                UploadPermits.of(request).or(permits::tryAcquire).orElseThrow(this::busy);
        try {
            return accept(files, permit);
        } catch (RuntimeException e) {
            permit.release(); // before the answer goes out, so that the next upload finds it free
            throw e;
        }
    }

    private ResponseEntity<RunView> accept(List<MultipartFile> files, UploadPermits.Permit permit) {
        if (files.size() > properties.maxFiles()) {
            throw problem(
                    HttpStatus.BAD_REQUEST,
                    "Too many files",
                    files.size() + " files in one upload; at most " + properties.maxFiles() + " are taken");
        }
        List<UploadFormat> formats =
                files.stream().map(UploadController::formatOf).toList();
        List<UploadedFile> copies = UploadedFile.keep(files, formats);
        try {
            List<UploadRun.ScannedFile> scanned = scan(copies);
            long items = scanned.stream().mapToLong(file -> file.scan().items()).sum();
            if (items > properties.maxItems()) {
                throw problem(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "Too many items",
                        "this upload holds " + items + " items; at most " + properties.maxItems()
                                + " are taken in one upload");
            }
            permit.handOver();
            RunView run =
                    launcher.start(UploadRun.SOURCE, new UploadRun(scanned, properties, timeLimit, permit::release));
            return ResponseEntity.accepted()
                    .location(ServletUriComponentsBuilder.fromCurrentContextPath()
                            .path("/api/runs/{id}")
                            .build(run.runId()))
                    .body(run);
        } catch (RuntimeException e) {
            UploadRun.discard(copies);
            throw e;
        }
    }

    private List<UploadRun.ScannedFile> scan(List<UploadedFile> copies) {
        List<UploadRun.ScannedFile> scanned = new ArrayList<>();
        for (UploadedFile copy : copies) {
            try {
                scanned.add(new UploadRun.ScannedFile(copy, copy.format().scan(copy.copy(), properties.csvLimits())));
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the uploaded file back", e);
            }
        }
        return scanned;
    }

    /** Only where the admission filter did not run (a request dispatched otherwise): the same answer. */
    private ErrorResponseException busy() {
        ErrorResponseException busy = problem(
                HttpStatus.TOO_MANY_REQUESTS,
                "Too Many Requests",
                permits.max() + " uploads are already in progress here; try again in a few seconds");
        busy.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(UploadAdmission.RETRY_AFTER_SECONDS));
        return busy;
    }

    private static UploadFormat formatOf(MultipartFile file) {
        return UploadFormat.of(file.getOriginalFilename(), file.getContentType())
                .orElseThrow(() -> problem(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "Unsupported file type",
                        "'" + UploadedFile.cleanName(file.getOriginalFilename(), 0)
                                + "' is neither JSON (.json, application/json) nor CSV (.csv, text/csv)"));
    }

    private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new ErrorResponseException(status, problem, null);
    }
}
