package dev.pipeline.fetcher.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ByteArrayResource;

/**
 * How {@code fields.attributes} binds from YAML, as the README writes it. Spring binds a plain string
 * to a list by splitting it on commas, so a template with a comma in it is only one expression in the
 * list form: the README writes every chain as a list for that reason.
 */
class FieldMappingBindingTests {

    private static FieldMapping bind(String attributes) throws IOException {
        String yaml = "fields:\n  attributes:\n" + attributes;
        var sources = new YamlPropertySourceLoader()
                .load("yaml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
        return new Binder(ConfigurationPropertySources.from(sources))
                .bind("fields", FieldMapping.class)
                .get();
    }

    @Test
    void aTemplateWithACommaInTheListFormIsOneExpression() throws IOException {
        FieldMapping fields = bind("    label: [\"{/city}, {/country}\"]\n    brand: [/brand, /manufacturer]\n");

        assertThat(fields.attributes().get("label")).containsExactly("{/city}, {/country}");
        assertThat(fields.attributes().get("brand")).containsExactly("/brand", "/manufacturer");
    }

    @Test
    void aPlainStringIsSplitOnItsCommasWhichIsWhyTheReadmeWritesLists() throws IOException {
        // What the list form avoids: the template becomes a two-step fallback chain.
        FieldMapping fields = bind("    label: \"{/city}, {/country}\"\n");

        assertThat(fields.attributes().get("label")).isEqualTo(List.of("{/city}", "{/country}"));
    }
}
