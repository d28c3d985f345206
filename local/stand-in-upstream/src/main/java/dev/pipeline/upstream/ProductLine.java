package dev.pipeline.upstream;

import java.util.List;

/**
 * One category of the generated catalogue: the things it sells, who makes them, and the price
 * band they sit in, so a laptop never costs less than a bag of rice.
 */
record ProductLine(String category, List<String> nouns, List<String> brands, int minPrice, int maxPrice) {

    /** Twenty categories, named like the reference's; every noun and brand is made up. */
    static final List<ProductLine> ALL = List.of(
            line("beauty", 3, 60, "Mascara", "Lip Tint", "Eyeshadow Palette", "Face Powder", "Nail Polish")
                    .brands("Lumora", "Petalis", "Glowfield"),
            line("fragrances", 20, 250, "Eau de Parfum", "Cologne", "Body Mist", "Perfume Oil")
                    .brands("Aurelle", "Noctis", "Saltwind"),
            line("furniture", 60, 1800, "Bed Frame", "Armchair", "Bookshelf", "Coffee Table", "Wardrobe")
                    .brands("Oakhaven", "Nordlund", "Timberloft"),
            line("groceries", 0, 25, "Olive Oil", "Green Tea", "Rice", "Honey Jar", "Coffee Beans", "Oat Milk")
                    .brands("FieldFresh", "Harvest Row", "Millbrook"),
            line("home-decoration", 8, 150, "Wall Clock", "Photo Frame", "Table Lamp", "Vase", "Cushion Cover")
                    .brands("Casaluce", "Hearthly", "Linden & Co"),
            line("kitchen-accessories", 3, 200, "Chef Knife", "Cutting Board", "Frying Pan", "Whisk", "Spice Rack")
                    .brands("Cookwell", "Ironleaf", "Panora"),
            line("laptops", 300, 2000, "Laptop", "Ultrabook", "Notebook Pro", "Chromebook")
                    .brands("Voltra", "Kestrel", "Orbix"),
            line("mens-shirts", 12, 90, "Oxford Shirt", "Flannel Shirt", "Linen Shirt", "Polo Shirt")
                    .brands("Tailorway", "Northcoat", "Redpine"),
            line("mens-shoes", 30, 220, "Running Shoes", "Leather Boots", "Loafers", "Sneakers")
                    .brands("Stridex", "Trailmark", "Corvel"),
            line("mens-watches", 40, 1500, "Chronograph", "Dive Watch", "Field Watch", "Smartwatch")
                    .brands("Tempora", "Ardent", "Halcyon"),
            line("mobile-accessories", 5, 150, "Phone Case", "Charging Cable", "Wireless Charger", "Power Bank")
                    .brands("Plugwise", "Zentra", "Amplo"),
            line("motorcycle", 15, 900, "Helmet", "Riding Gloves", "Chain Lube", "Saddlebag")
                    .brands("Throttle Works", "Redline Moto", "Gearhound"),
            line("skin-care", 5, 80, "Moisturizer", "Sunscreen", "Serum", "Cleanser", "Face Mask")
                    .brands("Dermaleaf", "Purelle", "Aquabloom"),
            line("smartphones", 120, 1600, "Smartphone", "Phone Mini", "Phone Max")
                    .brands("Voltra", "Nimbus", "Quanta"),
            line("sports-accessories", 4, 250, "Yoga Mat", "Tennis Racket", "Football", "Jump Rope", "Water Bottle")
                    .brands("Peakform", "Sprintline", "Arcadia Sport"),
            line("sunglasses", 10, 300, "Aviator Sunglasses", "Round Sunglasses", "Sport Shades")
                    .brands("Solvue", "Brightline", "Coastal Eye"),
            line("tablets", 90, 1300, "Tablet", "Tablet Mini", "Drawing Tablet").brands("Orbix", "Nimbus", "Slatewise"),
            line("tops", 8, 70, "Crop Top", "Tank Top", "Blouse", "Tunic")
                    .brands("Verano", "Silkroad Studio", "Mossline"),
            line("vehicle", 20, 1200, "Roof Rack", "Car Cover", "Dash Cam", "Floor Mats")
                    .brands("Autovia", "Roadcrest", "Motive"),
            line("womens-bags", 15, 600, "Tote Bag", "Crossbody Bag", "Backpack", "Clutch")
                    .brands("Carryall", "Mirela", "Stitchcraft"));

    ProductLine {
        nouns = List.copyOf(nouns);
        brands = List.copyOf(brands);
    }

    /** The first three letters of the category, for SKUs: "mens-shoes" becomes "MEN". */
    String code() {
        return category.substring(0, 3).toUpperCase(java.util.Locale.ROOT);
    }

    private static Draft line(String category, int minPrice, int maxPrice, String... nouns) {
        return new Draft(category, minPrice, maxPrice, List.of(nouns));
    }

    /** Keeps the table above readable: nouns first, then brands. */
    private record Draft(String category, int minPrice, int maxPrice, List<String> nouns) {
        ProductLine brands(String... brands) {
            return new ProductLine(category, nouns, List.of(brands), minPrice, maxPrice);
        }
    }
}
