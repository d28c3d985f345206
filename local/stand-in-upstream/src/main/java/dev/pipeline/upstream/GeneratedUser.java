package dev.pipeline.upstream;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One generated user, serialized with Reqres's snake_case names. */
public record GeneratedUser(
        int id,
        String email,
        @JsonProperty("first_name") String firstName,
        @JsonProperty("last_name") String lastName,
        String avatar) {}
