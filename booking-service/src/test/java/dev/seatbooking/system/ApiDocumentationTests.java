package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The served OpenAPI description: valid, every endpoint, and every error code of docs/api.md with an example. */
class ApiDocumentationTests extends IntegrationTest {

    private static final Pattern ERROR_ROW = Pattern.compile("^\\| \\d{3} \\| (.+?) \\|", Pattern.MULTILINE);
    private static final Pattern CODE = Pattern.compile("`([A-Z_]+)`");

    @Test
    void isAValidDescriptionOfEveryEndpoint() {
        var served = api.get("/v3/api-docs");
        assertThat(served.status()).isEqualTo(200);

        var parsed = new OpenAPIV3Parser().readContents(served.raw());
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getInfo().getTitle()).isEqualTo("Flight seat booking API");

        JsonNode paths = served.body().path("paths");
        assertThat(paths.propertyNames()).containsExactlyInAnyOrder("/v1/bookings", "/v1/bookings/{bookingId}",
                "/v1/bookings/{bookingId}/events", "/v1/bookings/{bookingId}/stream", "/v1/flights", "/v1/flights/{flightId}", "/v1/payments/webhook",
                "/v1/admin/flights/{flightId}/inventory", "/v1/admin/flights/{flightId}/reconcile",
                "/v1/admin/flights/{flightId}/close", "/v1/admin/flights/{flightId}/cancel",
                "/v1/admin/bookings/{bookingId}", "/v1/admin/outbox", "/v1/admin/circuit-breakers",
                "/v1/admin/bookings/{bookingId}/refunds");
        JsonNode claim = paths.path("/v1/bookings").path("post");
        assertThat(claim.path("requestBody").path("content").path("application/json").path("example").path("flightIdentifier")
                .asString()).isEqualTo("FL101");
        assertThat(claim.path("responses").path("201").path("content").path("application/json").path("schema")
                .path("$ref").asString()).isEqualTo("#/components/schemas/BookingView");
        assertThat(claim.path("responses").path("409").path("content").path("application/problem+json")
                .path("examples").propertyNames()).contains("NO_SEATS", "FLIGHT_CLOSED", "REQUEST_IN_PROGRESS");
    }

    @Test
    void everyOperationHasASummaryAndItsRealAnswers() {
        JsonNode document = api.get("/v3/api-docs").body();
        JsonNode paths = document.path("paths");
        for (String path : paths.propertyNames()) {
            for (String method : paths.path(path).propertyNames()) {
                JsonNode operation = paths.path(path).path(method);
                assertThat(operation.path("summary").asString()).as("summary of %s %s", method, path).isNotBlank();
                if (operation.path("responses").has("401")) {
                    assertThat(operation.path("security").toString()).as("security of %s %s", method, path)
                            .isEqualTo("[{\"bearer\":[]}]");
                } else {
                    assertThat(operation.has("security")).as("security of open %s %s", method, path).isFalse();
                }
            }
        }
        assertThat(document.path("components").path("securitySchemes").path("bearer").path("scheme").asString())
                .isEqualTo("bearer");
        // Created resources answer 201, the flight with its Location; no 200 is promised.
        JsonNode createFlight = paths.path("/v1/flights").path("post").path("responses");
        assertThat(createFlight.has("200")).isFalse();
        assertThat(createFlight.path("201").path("headers").has("Location")).isTrue();
        assertThat(createFlight.path("201").path("content").path("application/json").path("schema").path("$ref").asString())
                .isEqualTo("#/components/schemas/FlightView");
        JsonNode refund = paths.path("/v1/admin/bookings/{bookingId}/refunds").path("post").path("responses");
        assertThat(refund.has("200")).isFalse();
        assertThat(refund.has("201")).isTrue();
        assertThat(paths.path("/v1/flights").path("get").has("security")).isFalse();
    }

    @Test
    void everySuccessAnswerIsJsonWithAnExampleOfItsSchema() {
        JsonNode document = api.get("/v3/api-docs").body();
        JsonNode paths = document.path("paths");
        int checked = 0;
        for (String path : paths.propertyNames()) {
            for (String method : paths.path(path).propertyNames()) {
                JsonNode responses = paths.path(path).path(method).path("responses");
                for (String status : responses.propertyNames()) {
                    JsonNode content = responses.path(status).path("content");
                    if (!status.startsWith("2") || content.isMissingNode()) {
                        continue;
                    }
                    if (path.endsWith("/stream")) {
                        // Server-Sent Events: each event's data is a booking, as the example shows.
                        assertThat(content.propertyNames()).containsExactly("text/event-stream");
                        assertThat(content.path("text/event-stream").path("example").asString()).startsWith("event:status\n");
                        continue;
                    }
                    String where = method + " " + path + " " + status;
                    assertThat(content.propertyNames()).as("media types of %s", where).containsExactly("application/json");
                    JsonNode media = content.path("application/json");
                    assertThat(media.has("example")).as("example of %s", where).isTrue();
                    assertShape(document, media.path("schema"), media.path("example"), where);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(16);
    }

    /** The example has exactly the schema's fields, down through nested objects and lists. */
    private static void assertShape(JsonNode document, JsonNode schema, JsonNode example, String where) {
        if (schema.has("$ref")) {
            String name = schema.path("$ref").asString().substring("#/components/schemas/".length());
            assertShape(document, document.path("components").path("schemas").path(name), example, where + " " + name);
        } else if (schema.path("type").asString().equals("array")) {
            assertThat(example.isArray()).as("%s is a list", where).isTrue();
            assertThat(example.size()).as("%s has an item", where).isPositive();
            example.forEach(item -> assertShape(document, schema.path("items"), item, where + "[]"));
        } else if (schema.has("properties")) {
            assertThat(example.propertyNames()).as("fields of %s", where)
                    .containsExactlyInAnyOrderElementsOf(schema.path("properties").propertyNames());
            for (String field : schema.path("properties").propertyNames()) {
                if (!example.path(field).isNull()) {
                    assertShape(document, schema.path("properties").path(field), example.path(field), where + "." + field);
                }
            }
        }
    }

    @Test
    void everyErrorCodeOfTheApiHasAnExample() throws Exception {
        Set<String> documented = new TreeSet<>();
        var rows = ERROR_ROW.matcher(Files.readString(Path.of("..", "docs", "api.md")));
        while (rows.find()) {
            var codes = CODE.matcher(rows.group(1));
            while (codes.find()) {
                documented.add(codes.group(1));
            }
        }
        assertThat(documented).hasSizeGreaterThanOrEqualTo(18);

        Set<String> described = new TreeSet<>();
        for (JsonNode path : api.get("/v3/api-docs").body().path("paths")) {
            for (JsonNode operation : path) {
                for (JsonNode response : operation.path("responses")) {
                    for (JsonNode example : response.path("content").path("application/problem+json").path("examples")) {
                        described.add(example.path("value").path("error").asString());
                    }
                }
            }
        }
        assertThat(described).containsAll(documented);
    }

    @Test
    void swaggerUiIsServed() {
        var ui = api.get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.raw()).contains("Swagger UI");
    }
}
