/**
 * The sources a run is asked for on the command line: the original's {@code --url URL|name|paged}
 * and {@code --args-file}, and this project's {@code --sources} file. Checked before anything
 * starts, so a bad one is one line and exit 2, then handed to the fetcher at its startup.
 */
package dev.pipeline.cli.source;
