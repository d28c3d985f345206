package dev.pipeline.upstream;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One generated product, in DummyJSON's field names.
 *
 * @param price              two decimals, 0.50 to 2,000.00
 * @param discountPercentage two decimals, 0 to 20
 * @param rating             two decimals, 1 to 5
 * @param brand              {@code null} for every 25th id, like the real catalogue's unbranded
 *                           items; the field is then left out of the JSON
 * @param dimensions         a nested object, as DummyJSON's: for the whole item travelling, pointers
 *                           into it ({@code /dimensions/width}) and shaping by {@code include}/{@code exclude}
 */
public record GeneratedProduct(
        int id,
        String title,
        String description,
        String category,
        double price,
        double discountPercentage,
        double rating,
        int stock,
        @JsonInclude(JsonInclude.Include.NON_NULL) String brand,
        String sku,
        List<String> tags,
        Dimensions dimensions) {

    public GeneratedProduct {
        tags = List.copyOf(tags);
    }

    /** Centimetres, two decimals, 1 to 100 each. */
    public record Dimensions(double width, double height, double depth) {}
}
