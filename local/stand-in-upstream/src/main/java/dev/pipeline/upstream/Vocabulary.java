package dev.pipeline.upstream;

import java.util.List;
import java.util.SplittableRandom;

/** Made-up words the generator draws from; nothing here comes from a real data set. */
final class Vocabulary {

    static final List<String> ADJECTIVES = List.of(
            "Classic",
            "Compact",
            "Deluxe",
            "Everyday",
            "Premium",
            "Essential",
            "Urban",
            "Vintage",
            "Modern",
            "Eco",
            "Ultra",
            "Signature",
            "Travel",
            "Pro",
            "Soft",
            "Bold");

    static final List<String> QUALITIES = List.of(
            "well-made",
            "lightweight",
            "hard-wearing",
            "versatile",
            "thoughtfully designed",
            "great-value",
            "dependable",
            "good-looking");

    static final List<String> AUDIENCES = List.of(
            "everyday use",
            "busy mornings",
            "weekend trips",
            "first-time buyers",
            "gift giving",
            "small spaces",
            "long days",
            "anyone on a budget");

    static final List<String> FEATURES = List.of(
            "a sturdy build",
            "a clean finish",
            "simple care",
            "a compact size",
            "careful stitching",
            "a balanced weight",
            "quality materials",
            "a sensible price");

    static final List<String> BENEFITS = List.of(
            "keep it on hand",
            "pack and carry it",
            "use it every day",
            "match it with what you have",
            "recommend it to friends",
            "rely on it for years");

    static final List<String> COLOURS =
            List.of("charcoal", "sand", "forest green", "navy", "off-white", "terracotta", "slate blue", "black");

    static final List<String> FIRST_NAMES = List.of(
            "Ada", "Bram", "Celia", "Dario", "Elin", "Farah", "Gideon", "Hana", "Ivo", "Jonna", "Kofi", "Lena", "Milo",
            "Nadia", "Oskar", "Priya", "Quinn", "Rosa", "Soren", "Talia", "Umar", "Vera", "Wes", "Xenia", "Yara",
            "Zane");

    static final List<String> LAST_NAMES = List.of(
            "Abara",
            "Brennick",
            "Castell",
            "Dunmore",
            "Eskola",
            "Fairweather",
            "Galloway",
            "Hartmann",
            "Ilves",
            "Jaramillo",
            "Kowal",
            "Lindqvist",
            "Moreau",
            "Nakamura",
            "Okafor",
            "Petrov",
            "Quimby",
            "Rasmussen",
            "Sato",
            "Thorne",
            "Ueda",
            "Valdez",
            "Whitlock",
            "Yilmaz",
            "Zeller");

    /** Syllables for filler text: words built from them look like placeholder Latin but are ours. */
    private static final List<String> SYLLABLES = List.of(
            "ka", "lo", "mi", "ren", "tu", "sa", "vel", "qui", "dor", "an", "es", "ti", "mo", "ra", "ne", "po", "li",
            "ur", "ex", "ta", "sem", "ob", "cu", "fa");

    private Vocabulary() {}

    static String pick(List<String> words, SplittableRandom random) {
        return words.get(random.nextInt(words.size()));
    }

    /** A filler word of one to three syllables. */
    static String fillerWord(SplittableRandom random) {
        int syllables = 1 + random.nextInt(3);
        StringBuilder word = new StringBuilder(9);
        for (int i = 0; i < syllables; i++) {
            word.append(pick(SYLLABLES, random));
        }
        return word.toString();
    }

    /** {@code count} filler words separated by single spaces. */
    static String fillerWords(int count, SplittableRandom random) {
        StringBuilder words = new StringBuilder(count * 7);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                words.append(' ');
            }
            words.append(fillerWord(random));
        }
        return words.toString();
    }
}
