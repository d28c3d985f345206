/** Health: a readiness check that Kafka answers, not just that a client was configured. */
package dev.pipeline.support.health;
