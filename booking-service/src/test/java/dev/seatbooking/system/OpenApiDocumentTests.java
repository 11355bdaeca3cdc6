package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at {@code /v3/api-docs} is the one committed as docs/openapi.json,
 * from which clients are generated (GeneratedClientTests): a change of the API that is not
 * committed there fails the build.
 */
class OpenApiDocumentTests extends IntegrationTest {

    static final Path COMMITTED = Path.of("..", "docs", "openapi.json");
    private static final Path SERVED = Path.of("target", "openapi.json");

    @Test
    void theServedDocumentIsTheCommittedOne() throws IOException {
        var served = api.get("/v3/api-docs");
        assertThat(served.status()).isEqualTo(200);
        String document = served.body().toPrettyString() + "\n";
        Files.writeString(SERVED, document);
        assertThat(Files.readString(COMMITTED))
                .as("docs/openapi.json differs from the document served; if the change is meant, run: "
                        + "cp booking-service/target/openapi.json docs/openapi.json")
                .isEqualTo(document);
    }
}
