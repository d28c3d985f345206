package dev.pipeline.cli.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds runnable jars of {@link FakeService} and lays them out like a built repository. */
final class FakeServiceJars {

    private FakeServiceJars() {}

    /** A repository whose service jars (and object store jar) are fake ones; {@code failing} names one that exits at once. */
    static PipelineHome home(Path root, String failing) throws IOException {
        Files.createDirectories(root.resolve("local/kafka-broker"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        write(
                root.resolve("local/stand-in-upstream/target/stand-in-upstream-fake.jar"),
                "stand-in-upstream".equals(failing));
        write(root.resolve("processor-service/target/processor-service.jar"), "processor".equals(failing));
        write(root.resolve("fetcher-service/target/fetcher-service.jar"), "fetcher".equals(failing));
        write(root.resolve("local/cli/target/object-store/s3mock.jar"), "object-store".equals(failing));
        return new PipelineHome(root);
    }

    static void write(Path jar, boolean exits) throws IOException {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
        attributes.putValue("Fake-Mode", exits ? "exit" : "serve");
        Files.createDirectories(jar.getParent());
        String entry = FakeService.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest);
                InputStream classFile = FakeService.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            classFile.transferTo(out);
            out.closeEntry();
        }
    }
}
