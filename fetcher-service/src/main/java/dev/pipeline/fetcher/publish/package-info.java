/** Publish: the Kafka side of a run — products and run events, and the offsets a run reached. */
package dev.pipeline.fetcher.publish;
