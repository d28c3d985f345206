package dev.pipeline.processor;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The test class's Spring context is closed when the class ends, before JUnit deletes the class's
 * {@code @TempDir}. A context left in Spring's cache goes on running: it deletes a reported run's
 * store from the work directory a moment after the report appears, and a deletion of the same tree
 * racing it fails on a file that was there when the walk listed it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@DirtiesContext
public @interface ClosedBeforeItsDirectory {}
