package dev.pipeline.upstream;

import com.sun.net.httpserver.HttpExchange;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLException;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /graphql}: the catalogue's products over GraphQL (graphql-java), paged as Relay
 * connections are:
 *
 * <pre>
 * query($first: Int, $after: String) {
 *   products(first: $first, after: $after) {
 *     edges { cursor node { id title price category ... } }
 *     pageInfo { endCursor hasNextPage }
 *     totalCount
 *   }
 * }
 * </pre>
 *
 * As GraphQL over HTTP answers {@code application/json}: a query that does not parse or validate,
 * or a cursor that is not this server's, is HTTP 200 with an {@code errors} array (and
 * {@code data} null when {@code products} could not be had); a request that is no
 * {@code {"query": ...}} JSON object is a 400.
 */
final class GraphQlProducts implements Endpoint {

    static final String PATH = "/graphql";

    static final String SCHEMA = """
            type Query {
              products(first: Int = 30, after: String): ProductConnection!
            }
            type ProductConnection {
              edges: [ProductEdge!]!
              pageInfo: PageInfo!
              totalCount: Int!
            }
            type ProductEdge {
              cursor: String!
              node: Product!
            }
            type PageInfo {
              endCursor: String
              hasNextPage: Boolean!
            }
            type Product {
              id: Int!
              title: String!
              description: String
              category: String
              price: Float
              discountPercentage: Float
              rating: Float
              stock: Int
              brand: String
              sku: String
              tags: [String!]!
            }
            """;

    private final Catalog catalog;
    private final GraphQL graphql;

    GraphQlProducts(Catalog catalog) {
        this.catalog = catalog;
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("products", this::products))
                .build();
        this.graphql = GraphQL.newGraphQL(
                        new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(SCHEMA), wiring))
                .build();
    }

    @Override
    public String method() {
        return "POST";
    }

    @Override
    public void serve(HttpExchange exchange, Query query) throws IOException {
        JsonNode request = JsonRequests.object(exchange);
        JsonNode document = request.path("query");
        if (!document.isString() || document.asString().isBlank()) {
            throw new BadRequest("a GraphQL request needs a query string");
        }
        JsonNode variables = request.path("variables");
        if (!variables.isMissingNode() && !variables.isNull() && !variables.isObject()) {
            throw new BadRequest("variables must be a JSON object");
        }
        ExecutionInput.Builder input = ExecutionInput.newExecutionInput().query(document.asString());
        if (variables.isObject()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> values = JsonRequests.MAPPER.treeToValue(variables, Map.class);
            input.variables(values);
        }
        if (request.path("operationName").isString()) {
            input.operationName(request.path("operationName").asString());
        }
        ExecutionResult result = graphql.execute(input.build());
        JsonResponses.raw(exchange, 200, JsonRequests.MAPPER.writeValueAsBytes(result.toSpecification()));
    }

    private Map<String, Object> products(DataFetchingEnvironment environment) {
        Integer first = environment.getArgument("first");
        String after = environment.getArgument("after");
        if (first == null || first < 0) {
            throw new GraphQLException("first must be a whole number from 0");
        }
        int offset;
        try {
            offset = after == null ? 0 : ProductCursors.offset(after);
        } catch (IllegalArgumentException e) {
            throw new GraphQLException(e.getMessage());
        }
        int total = catalog.size().products();
        int count = (int) Math.clamp((long) total - offset, 0, Math.min(first, DummyJsonProducts.MAX_LIMIT));
        List<Map<String, Object>> edges = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            edges.add(Map.of("cursor", ProductCursors.after(offset + i), "node", node(catalog.product(offset + i))));
        }
        Map<String, Object> pageInfo = new LinkedHashMap<>();
        pageInfo.put("endCursor", count == 0 ? null : ProductCursors.after(offset + count));
        pageInfo.put("hasNextPage", offset + count < total);
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("edges", edges);
        connection.put("pageInfo", pageInfo);
        connection.put("totalCount", total);
        return connection;
    }

    private static Map<String, Object> node(GeneratedProduct product) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", product.id());
        node.put("title", product.title());
        node.put("description", product.description());
        node.put("category", product.category());
        node.put("price", product.price());
        node.put("discountPercentage", product.discountPercentage());
        node.put("rating", product.rating());
        node.put("stock", product.stock());
        node.put("brand", product.brand());
        node.put("sku", product.sku());
        node.put("tags", product.tags());
        return node;
    }
}
