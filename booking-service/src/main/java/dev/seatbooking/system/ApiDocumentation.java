package dev.seatbooking.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * The OpenAPI description served at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}).
 * Springdoc derives paths, parameters and bodies from the controllers; this adds what it cannot
 * see: the problem details each operation may answer, one example per stable {@code error} code,
 * and example bodies. The error catalogue is the one of docs/api.md; ApiDocumentationTests checks
 * that every code there appears here.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocumentation {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String BEARER = "bearer";

    record ErrorCode(int status, String code, String detail) {
    }

    private static final List<ErrorCode> ERRORS = List.of(
            new ErrorCode(400, "MALFORMED_REQUEST", "The body is not valid JSON, or a field has the wrong type"),
            new ErrorCode(400, "INVALID_SIGNATURE", "The Stripe-Signature header is missing, does not match the body, or is too old"),
            new ErrorCode(401, "UNAUTHORIZED", "A valid bearer token is required"),
            new ErrorCode(403, "FORBIDDEN", "This needs a role the token does not have"),
            new ErrorCode(403, "USER_MISMATCH", "userId differs from the user of the token; leave it out"),
            new ErrorCode(404, "FLIGHT_NOT_FOUND", "No flight FL999"),
            new ErrorCode(404, "BOOKING_NOT_FOUND", "No booking BK0000000000000000"),
            new ErrorCode(404, "NOT_FOUND", "Not Found"),
            new ErrorCode(405, "METHOD_NOT_ALLOWED", "Method Not Allowed"),
            new ErrorCode(406, "NOT_ACCEPTABLE", "Not Acceptable"),
            new ErrorCode(409, "NO_SEATS", "Not enough seats left on flight FL101"),
            new ErrorCode(409, "FLIGHT_CLOSED", "Flight FL101 takes no more bookings"),
            new ErrorCode(409, "FLIGHT_EXISTS", "Flight FL101 exists already"),
            new ErrorCode(409, "REQUEST_IN_PROGRESS", "A request with this Idempotency-Key is still running; retry in a moment for its answer"),
            new ErrorCode(409, "BOOKING_NOT_CANCELLABLE", "Booking BK7W2Q9D4M1X8K3P6N is TIMEOUT and can no longer be cancelled"),
            new ErrorCode(409, "NOTHING_TO_REFUND", "Booking BK7W2Q9D4M1X8K3P6N has no money to refund (payment capture_pending)"),
            new ErrorCode(413, "PAYLOAD_TOO_LARGE", "The body is larger than 65536 bytes"),
            new ErrorCode(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type"),
            new ErrorCode(422, "VALIDATION_FAILED", "The request breaks a rule"),
            new ErrorCode(422, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used for another request; use a new key for a new request"),
            new ErrorCode(422, "REFUND_EXCEEDS_REMAINING",
                    "Booking BK7W2Q9D4M1X8K3P6N has 200.75 EUR left to refund, less than the 250.00 asked"),
            new ErrorCode(429, "RATE_LIMITED", "Too many bookings in a short time; retry after 12 s"),
            new ErrorCode(500, "INTERNAL_ERROR", "Something went wrong on our side"),
            new ErrorCode(503, "INVENTORY_UNAVAILABLE", "The seat inventory is unavailable for a moment; retry shortly"),
            new ErrorCode(503, "DATABASE_UNAVAILABLE", "The booking database is unavailable for a moment; retry shortly"),
            new ErrorCode(503, "SERVICE_BUSY", "Too many claims at once; retry shortly"),
            new ErrorCode(503, "PAYMENT_PROVIDER_UNAVAILABLE",
                    "The payment provider could not be reached; retry with the same Idempotency-Key"),
            new ErrorCode(503, "PAYMENT_START_IN_PROGRESS",
                    "The payment of BK7W2Q9D4M1X8K3P6N is being started; deliver the event again shortly"));

    /** Any operation may answer these: a mistyped path or method, a wrong Accept header, a bug. */
    private static final List<String> ANY_OPERATION = List.of("NOT_FOUND", "METHOD_NOT_ALLOWED", "NOT_ACCEPTABLE",
            "INTERNAL_ERROR");

    private static final Map<String, List<String>> ERRORS_BY_OPERATION = Map.ofEntries(
            Map.entry("POST /v1/bookings", List.of("UNAUTHORIZED", "USER_MISMATCH", "MALFORMED_REQUEST", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "VALIDATION_FAILED",
                    "FLIGHT_NOT_FOUND", "NO_SEATS", "FLIGHT_CLOSED", "REQUEST_IN_PROGRESS", "IDEMPOTENCY_KEY_REUSED", "RATE_LIMITED",
                    "INVENTORY_UNAVAILABLE", "DATABASE_UNAVAILABLE", "SERVICE_BUSY")),
            Map.entry("GET /v1/bookings/{bookingId}", List.of("UNAUTHORIZED", "VALIDATION_FAILED", "BOOKING_NOT_FOUND", "DATABASE_UNAVAILABLE")),
            Map.entry("GET /v1/bookings/{bookingId}/events", List.of("UNAUTHORIZED", "VALIDATION_FAILED", "BOOKING_NOT_FOUND", "DATABASE_UNAVAILABLE")),
            Map.entry("GET /v1/bookings/{bookingId}/stream", List.of("UNAUTHORIZED", "VALIDATION_FAILED", "BOOKING_NOT_FOUND",
                    "DATABASE_UNAVAILABLE", "SERVICE_BUSY")),
            Map.entry("DELETE /v1/bookings/{bookingId}", List.of("UNAUTHORIZED", "VALIDATION_FAILED", "BOOKING_NOT_FOUND", "BOOKING_NOT_CANCELLABLE",
                    "INVENTORY_UNAVAILABLE", "DATABASE_UNAVAILABLE")),
            Map.entry("POST /v1/flights", List.of("UNAUTHORIZED", "FORBIDDEN", "MALFORMED_REQUEST", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "VALIDATION_FAILED", "FLIGHT_EXISTS",
                    "INVENTORY_UNAVAILABLE", "DATABASE_UNAVAILABLE")),
            Map.entry("GET /v1/flights/{flightId}", List.of("VALIDATION_FAILED", "FLIGHT_NOT_FOUND", "INVENTORY_UNAVAILABLE",
                    "DATABASE_UNAVAILABLE")),
            Map.entry("POST /v1/payments/webhook", List.of("INVALID_SIGNATURE", "MALFORMED_REQUEST", "PAYLOAD_TOO_LARGE",
                    "PAYMENT_START_IN_PROGRESS", "DATABASE_UNAVAILABLE")),
            Map.entry("GET /v1/admin/flights/{flightId}/inventory", List.of("UNAUTHORIZED", "FORBIDDEN", "VALIDATION_FAILED", "FLIGHT_NOT_FOUND",
                    "INVENTORY_UNAVAILABLE", "DATABASE_UNAVAILABLE")),
            Map.entry("POST /v1/admin/flights/{flightId}/reconcile", List.of("UNAUTHORIZED", "FORBIDDEN", "VALIDATION_FAILED", "FLIGHT_NOT_FOUND",
                    "INVENTORY_UNAVAILABLE", "DATABASE_UNAVAILABLE")),
            Map.entry("POST /v1/admin/flights/{flightId}/close", List.of("UNAUTHORIZED", "FORBIDDEN", "VALIDATION_FAILED",
                    "FLIGHT_NOT_FOUND", "INVENTORY_UNAVAILABLE", "DATABASE_UNAVAILABLE")),
            Map.entry("POST /v1/admin/flights/{flightId}/cancel", List.of("UNAUTHORIZED", "FORBIDDEN", "VALIDATION_FAILED",
                    "FLIGHT_NOT_FOUND", "INVENTORY_UNAVAILABLE", "DATABASE_UNAVAILABLE")),
            Map.entry("POST /v1/admin/bookings/{bookingId}/refunds", List.of("UNAUTHORIZED", "FORBIDDEN", "MALFORMED_REQUEST",
                    "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "VALIDATION_FAILED", "BOOKING_NOT_FOUND",
                    "NOTHING_TO_REFUND", "REFUND_EXCEEDS_REMAINING", "IDEMPOTENCY_KEY_REUSED",
                    "PAYMENT_PROVIDER_UNAVAILABLE", "DATABASE_UNAVAILABLE")),
            Map.entry("GET /v1/flights", List.of("VALIDATION_FAILED", "INVENTORY_UNAVAILABLE", "DATABASE_UNAVAILABLE")),
            Map.entry("GET /v1/admin/bookings/{bookingId}", List.of("UNAUTHORIZED", "FORBIDDEN", "VALIDATION_FAILED",
                    "BOOKING_NOT_FOUND", "DATABASE_UNAVAILABLE")),
            Map.entry("GET /v1/admin/outbox", List.of("UNAUTHORIZED", "FORBIDDEN", "DATABASE_UNAVAILABLE")),
            Map.entry("GET /v1/admin/circuit-breakers", List.of("UNAUTHORIZED", "FORBIDDEN")),
            Map.entry("GET /v1/bookings", List.of("UNAUTHORIZED", "VALIDATION_FAILED", "DATABASE_UNAVAILABLE")));

    /** An operation's name in generated clients (a method name) and its one line in Swagger UI. */
    private record Named(String operationId, String summary) {
    }

    private static final Map<String, Named> NAMES = Map.ofEntries(
            Map.entry("POST /v1/bookings", new Named("claimSeats", "Claim seats: hold them and start the payment")),
            Map.entry("GET /v1/bookings", new Named("listMyBookings", "List the caller's own bookings, newest first")),
            Map.entry("GET /v1/bookings/{bookingId}", new Named("getBooking", "Read a booking")),
            Map.entry("GET /v1/bookings/{bookingId}/events", new Named("getBookingEvents",
                    "Read a booking's history of status changes")),
            Map.entry("GET /v1/bookings/{bookingId}/stream", new Named("streamBookingStatus",
                    "Follow a booking as Server-Sent Events until it leaves PENDING")),
            Map.entry("DELETE /v1/bookings/{bookingId}", new Named("cancelBooking",
                    "Cancel a booking: release its seats, void or refund its payment")),
            Map.entry("GET /v1/flights", new Named("searchFlights",
                    "Search flights by route and departure day, with live seats left")),
            Map.entry("POST /v1/flights", new Named("createFlight", "Create a flight (admin)")),
            Map.entry("GET /v1/flights/{flightId}", new Named("getFlight", "Read a flight with live seats left")),
            Map.entry("POST /v1/payments/webhook", new Named("receivePaymentEvent",
                    "Receive a signed event of the payment provider")),
            Map.entry("GET /v1/admin/flights/{flightId}/inventory", new Named("compareInventory",
                    "Compare a flight's seats in Redis and the database (admin)")),
            Map.entry("POST /v1/admin/flights/{flightId}/reconcile", new Named("reconcileFlight",
                    "Repair a flight's seats in Redis from the database (admin)")),
            Map.entry("POST /v1/admin/flights/{flightId}/close", new Named("closeFlight",
                    "Stop a flight's sales; bookings made stay (admin)")),
            Map.entry("POST /v1/admin/flights/{flightId}/cancel", new Named("cancelFlight",
                    "Cancel a flight: stop its sales, void or refund every booking on it (admin)")),
            Map.entry("GET /v1/admin/bookings/{bookingId}", new Named("getBookingStory",
                    "Read any booking with its status changes, refunds and follow-up work (admin)")),
            Map.entry("GET /v1/admin/circuit-breakers", new Named("getCircuitBreakers",
                    "Read the state of this instance's circuit breakers (admin)")),
            Map.entry("GET /v1/admin/outbox", new Named("getOutboxBacklog",
                    "Read the follow-up work not done yet, by kind (admin)")),
            Map.entry("POST /v1/admin/bookings/{bookingId}/refunds", new Named("refundBooking",
                    "Refund part or all of a booking's payment (admin)")));

    /** Example bodies, by operation: the request's, then the success answer's. */
    private static final Map<String, String> REQUEST_EXAMPLES = Map.of(
            "POST /v1/bookings", """
                    {"userId":"user123","flightIdentifier":"FL101","seats":2,"paymentMethod":"pm_card_visa"}""",
            "POST /v1/flights", """
                    {"flightId":"FL102","origin":"FRA","destination":"LIS","departureTime":"2027-06-02T07:00:00Z",
                     "capacity":180,"price":89.00,"currency":"EUR"}""",
            "POST /v1/payments/webhook", """
                    {"id":"evt_1","object":"event","api_version":"2025-10-29.clover","type":"payment_intent.succeeded",
                     "data":{"object":{"id":"pi_1","object":"payment_intent","status":"succeeded",
                     "metadata":{"bookingId":"BK7W2Q9D4M1X8K3P6N","traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}}}}""",
            "POST /v1/admin/bookings/{bookingId}/refunds", """
                    {"amount":40.25,"reason":"seat without a window"}""");

    private static final String BOOKING_EXAMPLE = """
            {"bookingId":"BK7W2Q9D4M1X8K3P6N","userId":"user123","status":"PENDING","seats":2,"legs":[{"flightId":"FL101","seats":2}],
             "totalPrice":398.00,"currency":"EUR","holdExpiresAt":"2026-11-27T21:37:26.368Z","paymentMethod":"pm_card_visa",
             "paymentIntentId":null,"paymentStatus":null,"createdAt":"2026-11-27T21:32:26.370Z","updatedAt":"2026-11-27T21:32:26.370Z"}""";

    private static final String CONFIRMED_BOOKING = BOOKING_EXAMPLE.replace("\"PENDING\"", "\"CONFIRMED\"")
            .replace("\"paymentIntentId\":null,\"paymentStatus\":null", "\"paymentIntentId\":\"pi_3QxD2mLk\",\"paymentStatus\":\"succeeded\"")
            .replace("\"updatedAt\":\"2026-11-27T21:32:26.370Z\"", "\"updatedAt\":\"2026-11-27T21:32:27.104Z\"");

    private static final String FLIGHT_EXAMPLE = """
            {"flightId":"FL101","origin":"FRA","destination":"LIS","departureTime":"2027-06-01T07:00:00Z","price":199.00,
             "currency":"EUR","status":"OPEN","onSale":true,"capacity":100,"seatsSold":2,"seatsHeld":1,"availableSeats":97}""";

    private static final String COMPARISON_EXAMPLE = """
            {"flightId":"FL101","redis":{"capacity":100,"sold":2,"held":1,"available":97,"status":"OPEN"},
             "database":{"capacity":100,"seatsSold":2,"confirmedSeats":2,"pendingSeats":1,"status":"OPEN"},
             "drift":{"capacity":0,"sold":0,"held":0},"agree":true}""";

    /** The body of each operation's success answer (none for the webhook, which answers an empty 200). */
    private static final Map<String, String> ANSWER_EXAMPLES = Map.ofEntries(
            Map.entry("POST /v1/bookings", BOOKING_EXAMPLE),
            Map.entry("GET /v1/bookings", """
                    {"bookings":[%s],"page":0,"size":20,"totalBookings":1}""".formatted(CONFIRMED_BOOKING)),
            Map.entry("GET /v1/bookings/{bookingId}", CONFIRMED_BOOKING),
            Map.entry("GET /v1/bookings/{bookingId}/events", """
                    [{"from":null,"to":"PENDING","cause":"request","at":"2026-11-27T21:32:26.370Z"},
                     {"from":"PENDING","to":"CONFIRMED","cause":"psp:evt_3QxD2mLk","at":"2026-11-27T21:32:27.104Z"}]"""),
            Map.entry("DELETE /v1/bookings/{bookingId}", BOOKING_EXAMPLE.replace("\"PENDING\"", "\"CANCELLED\"")),
            Map.entry("GET /v1/flights", """
                    {"flights":[%s],"page":0,"size":20,"totalFlights":1}""".formatted(FLIGHT_EXAMPLE)),
            Map.entry("POST /v1/flights", """
                    {"flightId":"FL102","origin":"FRA","destination":"LIS","departureTime":"2027-06-02T07:00:00Z","price":89.00,
                     "currency":"EUR","status":"OPEN","onSale":true,"capacity":180,"seatsSold":0,"seatsHeld":0,
                     "availableSeats":180}"""),
            Map.entry("GET /v1/flights/{flightId}", FLIGHT_EXAMPLE),
            Map.entry("GET /v1/admin/flights/{flightId}/inventory", COMPARISON_EXAMPLE),
            Map.entry("POST /v1/admin/flights/{flightId}/reconcile", """
                    {"flightId":"FL101","repaired":{"hold_removed":1,"held_count":2},"after":%s}""".formatted(COMPARISON_EXAMPLE)),
            Map.entry("POST /v1/admin/flights/{flightId}/close", FLIGHT_EXAMPLE.replace("\"OPEN\",\"onSale\":true",
                    "\"CLOSED\",\"onSale\":false")),
            Map.entry("POST /v1/admin/flights/{flightId}/cancel", """
                    {"flight":%s,"bookingsCancelled":3,"bookingsLeft":0}""".formatted(FLIGHT_EXAMPLE
                    .replace("\"OPEN\",\"onSale\":true", "\"CANCELLED\",\"onSale\":false")
                    .replace("\"seatsSold\":2,\"seatsHeld\":1,\"availableSeats\":97", "\"seatsSold\":0,\"seatsHeld\":0,\"availableSeats\":100"))),
            Map.entry("GET /v1/admin/bookings/{bookingId}", """
                    {"booking":%s,
                     "events":[{"from":null,"to":"PENDING","cause":"request","at":"2026-11-27T21:32:26.370Z"},
                      {"from":"PENDING","to":"CONFIRMED","cause":"psp:evt_3QxD2mLk","at":"2026-11-27T21:32:27.104Z"}],
                     "refunds":[{"refundId":"re_3QxE8pNa","amount":40.25,"status":"succeeded","reason":"seat without a window",
                      "createdAt":"2026-11-28T09:12:03.511Z","updatedAt":"2026-11-28T09:12:04.020Z"}],
                     "work":[{"kind":"START_PAYMENT","attempts":1,"createdAt":"2026-11-27T21:32:26.370Z",
                      "nextAt":"2026-11-27T21:34:26.370Z","doneAt":"2026-11-27T21:32:26.702Z"}]}""".formatted(CONFIRMED_BOOKING)),
            Map.entry("GET /v1/admin/circuit-breakers", """
                    [{"name":"psp","state":"CLOSED","failureRate":-1.0},{"name":"redis","state":"CLOSED","failureRate":0.0}]"""),
            Map.entry("GET /v1/admin/outbox", """
                    {"rows":3,"overdue":1,"byKind":[{"kind":"REFUND","rows":2,"overdue":1,"maxAttempts":4,
                     "oldestDueSince":"2026-11-28T09:12:03.511Z"},{"kind":"WATCH_INTENT","rows":1,"overdue":0,
                     "maxAttempts":1,"oldestDueSince":null}]}"""),
            Map.entry("POST /v1/admin/bookings/{bookingId}/refunds", """
                    {"refundId":"re_3QxE8pNa","bookingId":"BK7W2Q9D4M1X8K3P6N","amount":40.25,"currency":"EUR",
                     "status":"succeeded","reason":"seat without a window","remaining":357.75,
                     "paymentStatus":"partially_refunded"}"""));

    @Bean
    OpenAPI bookingApi() {
        return new OpenAPI()
                // Relative: Swagger UI calls the service that serves it, and the committed document
                // names no host (a generated client is given its base address).
                .servers(List.of(new Server().url("/")))
                .info(new Info().title("Flight seat booking API").version("v1").description("""
                        CLAIM → PAY → CONFIRM. `POST /v1/bookings` holds seats at once (201, status PENDING) and \
                        starts the payment; the PSP's answer or its signed webhook confirms the booking. Send an \
                        `Idempotency-Key` with every claim you may retry. Errors are RFC 9457 problem details \
                        (`application/problem+json`) with a stable `error` code: branch on `error`, never on `detail`."""));
    }

    @Bean
    OpenApiCustomizer errorResponsesAndExamples() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas("Problem", problemSchema());
            openApi.getComponents().addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                    .scheme("bearer").bearerFormat("JWT")
                    .description("A JWT of the configured issuer (in dev mode, from POST /dev/token)"));
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap()
                    .forEach((method, operation) -> describe(method + " " + path, operation)));
        };
    }

    private static void describe(String key, Operation operation) {
        String path = key.substring(key.indexOf(' ') + 1);
        // One tag per resource ("bookings", "flights", "payments", "admin") instead of controller class names.
        operation.setTags(List.of(path.split("/")[2]));
        var named = NAMES.get(key);
        if (named != null) {
            operation.setOperationId(named.operationId());
            operation.setSummary(named.summary());
        }
        var errors = ERRORS_BY_OPERATION.getOrDefault(key, List.of());
        if (errors.contains("UNAUTHORIZED")) {
            operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
        }
        addErrors(operation, path, errors);
        if (REQUEST_EXAMPLES.containsKey(key) && operation.getRequestBody() != null) {
            operation.getRequestBody().getContent().values()
                    .forEach(media -> media.setExample(json(REQUEST_EXAMPLES.get(key))));
        }
        if (key.equals("POST /v1/bookings")) {
            describeClaim(operation);
        }
        if (key.equals("POST /v1/flights")) {
            created(operation, "FlightView", "The flight is recorded and on sale", "/v1/flights/FL102");
        }
        if (key.equals("GET /v1/bookings/{bookingId}/stream")) {
            describeStream(operation);
        }
        if (key.equals("POST /v1/admin/bookings/{bookingId}/refunds")) {
            created(operation, "RefundView", "The refund is asked of the payment provider", null);
        }
        describeAnswer(operation, key);
        if (key.equals("POST /v1/payments/webhook")) {
            // Taken as raw bytes, since the signature covers them exactly; the body is a Stripe event.
            operation.getRequestBody().getContent().values().forEach(media -> media.setSchema(new ObjectSchema()
                    .description("A Stripe event, verified against the Stripe-Signature header over the raw body")));
        }
    }

    private static void addErrors(Operation operation, String path, List<String> codes) {
        Map<Integer, Map<String, Example>> byStatus = new TreeMap<>();
        for (ErrorCode error : ERRORS) {
            if (codes.contains(error.code()) || ANY_OPERATION.contains(error.code())) {
                byStatus.computeIfAbsent(error.status(), s -> new LinkedHashMap<>())
                        .put(error.code(), new Example().summary(error.code()).value(json(problem(error, path))));
            }
        }
        byStatus.forEach((status, examples) -> {
            var media = new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")).examples(examples);
            operation.getResponses().addApiResponse(String.valueOf(status), new ApiResponse()
                    .description(String.join(", ", examples.keySet()))
                    .content(new Content().addMediaType(PROBLEM_JSON, media)));
        });
    }

    /** An operation that answers 201 (springdoc documents every answer as 200), with its Location if it sets one. */
    private static void created(Operation operation, String schema, String description, String location) {
        var ok = operation.getResponses().remove("200");
        var media = ok == null || ok.getContent() == null ? new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + schema))
                : ok.getContent().values().iterator().next();
        var answer = new ApiResponse().description(description).content(new Content().addMediaType("application/json", media));
        if (location != null) {
            answer.addHeaderObject("Location", new Header().description("The new resource").schema(new StringSchema().example(location)));
        }
        operation.getResponses().addApiResponse("201", answer);
    }

    /**
     * The success answer: JSON (springdoc says any media type, as the controllers do not narrow
     * what they produce, which makes generated clients send {@code Accept: *}{@code /*}) with its example.
     */
    private static void describeAnswer(Operation operation, String key) {
        operation.getResponses().forEach((status, answer) -> {
            if (status.startsWith("2") && answer.getContent() != null) {
                var media = answer.getContent().remove("*/*");
                if (media != null) {
                    answer.getContent().addMediaType("application/json", media);
                }
                if (ANSWER_EXAMPLES.containsKey(key)) {
                    answer.getContent().values().forEach(m -> m.setExample(json(ANSWER_EXAMPLES.get(key))));
                }
            }
        });
    }

    /** Server-Sent Events, not JSON: each event's data is a booking as GET /v1/bookings/{id} answers it. */
    private static void describeStream(Operation operation) {
        var events = new MediaType().schema(new Schema<String>().type("string").description(
                "text/event-stream: events named status, each with the booking's JSON as data and its updatedAt "
                        + "(epoch ms) as id"))
                .example("event:status\nid:1764279146370\ndata:" + BOOKING_EXAMPLE.replace("\n", "") + "\n\n");
        operation.getResponses().addApiResponse("200", new ApiResponse()
                .description("The booking as it stands, then again at each change (its status or payment), until it "
                        + "has left PENDING; then the stream ends. Ends too after booking.status-streams.timeout, or "
                        + "when the instance stops: open it again. Read it with fetch and the bearer header.")
                .content(new Content().addMediaType("text/event-stream", events)));
    }

    /** The claim answers the stored booking as a string (so a repeat gets the same bytes): describe it as a booking. */
    private static void describeClaim(Operation operation) {
        var created = new MediaType().schema(new Schema<>().$ref("#/components/schemas/BookingView"));
        operation.getResponses().remove("200");
        operation.getResponses().addApiResponse("201", new ApiResponse()
                .description("Seats held; the booking is PENDING and its payment starts. A repeat under the same "
                        + "Idempotency-Key answers the first answer again.")
                .content(new Content().addMediaType("application/json", created)));
        if (operation.getParameters() != null) {
            operation.getParameters().stream().filter(p -> "Idempotency-Key".equals(p.getName())).forEach(p -> p
                    .description("Makes the claim safe to retry: the same key with the same body answers the first "
                            + "answer again; with another body, 422 IDEMPOTENCY_KEY_REUSED. Kept 24 h.")
                    .example("6f1c2b7e-4d0a-4c8e-9a51-2f3e8d7c1a90"));
        }
    }

    private static String problem(ErrorCode error, String path) {
        String errors = error.code().equals("VALIDATION_FAILED")
                ? ",\"errors\":[{\"field\":\"seats\",\"message\":\"must be less than or equal to 9\"}]" : "";
        return """
                {"type":"/problems/%s","title":"%s","status":%d,"detail":"%s","instance":"%s","error":"%s"%s}"""
                .formatted(error.code().toLowerCase().replace('_', '-'), title(error.status()), error.status(),
                        error.detail(), path, error.code(), errors);
    }

    private static String title(int status) {
        var known = HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        var fieldError = new ObjectSchema().addProperty("field", new StringSchema()).addProperty("message", new StringSchema());
        return new ObjectSchema()
                .description("RFC 9457 problem details with a stable error code")
                .addProperty("type", new StringSchema().example("/problems/no-seats"))
                .addProperty("title", new StringSchema().example("Conflict"))
                .addProperty("status", new IntegerSchema().example(409))
                .addProperty("detail", new StringSchema().description("for people; may change, do not parse"))
                .addProperty("instance", new StringSchema().example("/v1/bookings"))
                .addProperty("error", new StringSchema().description("stable code to branch on")
                        ._enum(ERRORS.stream().map(ErrorCode::code).toList()))
                .addProperty("errors", new ArraySchema().items(fieldError).description("VALIDATION_FAILED only: each broken rule"));
    }

    private static Object json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Bad example in the API description", e);
        }
    }
}
