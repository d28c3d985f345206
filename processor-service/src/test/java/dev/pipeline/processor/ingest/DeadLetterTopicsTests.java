package dev.pipeline.processor.ingest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.pipeline.common.Topics;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The only topics the processor creates are its dead-letter topics, declared in one class. */
class DeadLetterTopicsTests {

    @Test
    void theProcessorCreatesItsTwoDeadLetterTopicsWithTheirPolicy() {
        KafkaConfiguration configuration = new KafkaConfiguration();
        List<NewTopic> topics = Arrays.stream(KafkaConfiguration.class.getDeclaredMethods())
                .filter(m -> m.getReturnType() == NewTopic.class)
                .map(m -> invoke(m, configuration))
                .toList();

        assertThat(topics).extracting(NewTopic::name).containsExactlyInAnyOrder(Topics.PRODUCTS_DLT, Topics.RUNS_DLT);
        assertThat(topics).allSatisfy(topic -> {
            assertThat(topic.numPartitions()).isEqualTo(1);
            assertThat(topic.configs()).isEqualTo(Topics.deadLetterConfig());
        });
    }

    @Test
    void noOtherClassDeclaresATopic() {
        methods()
                .that()
                .haveRawReturnType(NewTopic.class)
                .should()
                .beDeclaredIn(KafkaConfiguration.class)
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.pipeline.processor"));
    }

    private static NewTopic invoke(Method declaration, KafkaConfiguration configuration) {
        try {
            return (NewTopic) declaration.invoke(configuration);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
