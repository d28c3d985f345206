package dev.pipeline.upstream;

/**
 * One generated post, in JSONPlaceholder's field names. Posts carry no price or category, which
 * is the point: the pipeline must map them without.
 *
 * @param userId ten posts per user, as in the reference
 * @param body   lines separated by {@code \n}
 */
public record GeneratedPost(int userId, int id, String title, String body) {}
