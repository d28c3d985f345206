package dev.pipeline.processor.run;

/**
 * What the processor accepts as a price from Kafka, whoever wrote the record: the fetcher checks
 * its items, but the topic is the contract, and one record with a price that is not a number the
 * report can print would otherwise take its run's report (and every run after it) down.
 */
record PriceRule(double maxPrice) {

    /** Why the price is not acceptable, or {@code null} when it is (no price at all is fine). */
    String problemWith(Double price) {
        if (price == null) {
            return null;
        }
        if (price.isNaN() || price.isInfinite()) {
            return "price " + price + " is not a finite number";
        }
        if (price < 0) {
            return "price " + price + " is negative";
        }
        if (price > maxPrice) {
            return "price " + price + " is above the cap of " + maxPrice + " (pipeline.processor.max-price)";
        }
        return null;
    }
}
