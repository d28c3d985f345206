package dev.pipeline.cli.compose;

import dev.pipeline.cli.stack.PipelineFailure;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * The objects an S3 {@code ListObjectsV2} answer ({@code GET /<bucket>?list-type=2}) names: how the
 * compose check sees what the processors put in the object store, through the store's own API
 * rather than through the processors that wrote it.
 */
record BucketListing(List<BucketObject> objects) {

    /** One object: its key and size in bytes. */
    record BucketObject(String key, long size) {}

    BucketListing {
        objects = List.copyOf(objects);
    }

    /** Parses a {@code ListBucketResult}; anything else (an S3 {@code Error}, not XML) is a failure quoting it. */
    static BucketListing parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            // The answer is data, not a document that may pull in others.
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            Element root = factory.newDocumentBuilder()
                    .parse(new InputSource(new StringReader(xml)))
                    .getDocumentElement();
            if (!"ListBucketResult".equals(localName(root))) {
                throw new PipelineFailure("the object store did not list the bucket: " + abbreviate(xml));
            }
            List<BucketObject> objects = new ArrayList<>();
            NodeList contents = root.getElementsByTagNameNS("*", "Contents");
            for (int i = 0; i < contents.getLength(); i++) {
                Element content = (Element) contents.item(i);
                String size = text(content, "Size");
                objects.add(new BucketObject(text(content, "Key"), size.isEmpty() ? -1 : Long.parseLong(size)));
            }
            return new BucketListing(objects);
        } catch (ParserConfigurationException | SAXException | IOException | NumberFormatException ex) {
            throw new PipelineFailure("the object store's listing is not a ListBucketResult: " + abbreviate(xml), ex);
        }
    }

    /** The objects whose key ends with {@code suffix} (whatever prefix the store puts before a run's id). */
    List<BucketObject> endingWith(String suffix) {
        return objects.stream().filter(o -> o.key().endsWith(suffix)).toList();
    }

    private static String text(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagNameNS("*", name);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }

    private static String localName(Element element) {
        return element.getLocalName() != null ? element.getLocalName() : element.getTagName();
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 300 ? line : line.substring(0, 300) + "...";
    }
}
