/**
 * The wire contract between fetcher and processor: record types, topic names and policies, key
 * format and JSON settings. No Spring beans and nothing only one service needs.
 */
package dev.pipeline.common;
