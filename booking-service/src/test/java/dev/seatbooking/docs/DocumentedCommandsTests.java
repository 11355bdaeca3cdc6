package dev.seatbooking.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The docs as tests: every command block of README.md and docs/*.md is either run here against a
 * service this test starts, its printed output compared with the real one once ids, times and
 * tokens are masked, or marked {@code <!-- not run: reason -->} just before its fence. A new block
 * with neither fails the build.
 */
class DocumentedCommandsTests extends IntegrationTest {

    /** The repository: Maven runs the tests in booking-service/. */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The sections this test runs, each block after block in one shell session, as a reader would. */
    private static final Set<String> RUN_SECTIONS = Set.of("README.md#Try it",
            "operations.md#Closing and cancelling a flight", "operations.md#Alerts runbook");

    @Test
    void everyCommandBlockIsRunOrSaysWhyNot() {
        var blocks = MarkdownCommands.of(ROOT).blocks();
        var run = blocks.stream().filter(DocumentedCommandsTests::runHere).toList();
        var notRun = blocks.stream().filter(block -> block.notRunBecause() != null).toList();
        System.out.printf("Documented commands: %d blocks, %d run by this test, %d marked not to run:%n",
                blocks.size(), run.size(), notRun.size());
        notRun.forEach(block -> System.out.printf("  %s: %s%n", block.where(), block.notRunBecause()));

        assertThat(blocks).as("command blocks found").isNotEmpty();
        assertThat(blocks.stream().filter(block -> !runHere(block) && block.notRunBecause() == null).map(MarkdownCommands.Block::where))
                .as("blocks neither run by this test nor marked <!-- not run: reason -->").isEmpty();
        assertThat(notRun.stream().filter(block -> block.notRunBecause().isBlank()).map(MarkdownCommands.Block::where))
                .as("blocks marked not to run without a reason").isEmpty();
        assertThat(run.stream().filter(block -> block.notRunBecause() != null).map(MarkdownCommands.Block::where))
                .as("blocks both run and marked not to run").isEmpty();
    }

    @Test
    void theReadmesTryItRunsAsPrinted() throws Exception {
        var blocks = runHere("README.md");
        assertThat(blocks).hasSizeGreaterThan(5);

        // The README's FL101 and FL102 are fresh flights here: other tests book FL101 too. FL101's
        // twin has the README's attributes, and they are the demo flight's (but for the seats others took).
        var seeded = api.get("/v1/flights/FL101").body();
        assertThat(List.of(seeded.path("origin").asString(), seeded.path("destination").asString(),
                seeded.path("price").asDouble(), seeded.path("currency").asString(),
                seeded.path("capacity").asInt(), seeded.path("departureTime").asString().substring(10)))
                .as("the demo flight FL101, as README.md prints it").containsExactly("FRA", "JFK", 199.0, "EUR", 100, "T08:30:00Z");
        String demoFlight = TestApi.newFlightId();
        var created = api.post("/v1/flights", null, """
                {"flightId":"%s","origin":"FRA","destination":"JFK","departureTime":"2027-06-01T08:30:00Z",
                 "capacity":100,"price":199.00,"currency":"EUR"}""".formatted(demoFlight));
        assertThat(created.status()).isEqualTo(201);
        Path pspKey = Files.createTempFile("simulator-api-key", "");
        Files.writeString(pspKey, TestApi.PSP_KEY + "\n");

        var session = new ShellSession(ROOT, List.of(
                new ShellSession.Alias("http://localhost:8083", "http://localhost:" + port),
                new ShellSession.Alias("FL101", demoFlight),
                new ShellSession.Alias("FL102", TestApi.newFlightId()),
                new ShellSession.Alias("user123", TestApi.newUserId()),
                new ShellSession.Alias("booking-service/target/run/simulator-api-key", pspKey.toString())));
        session.runAll(blocks);
    }

    @Test
    void theOperatorsCommandsRunAsPrinted() throws Exception {
        var blocks = runHere("docs/operations.md");
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(2);
        // Their FL101 is a fresh flight with a booking to cancel, and their booking id that booking's.
        String flight = api.createFlight(10);
        var claim = api.claimPaying(TestApi.newUserId(), flight, 2, "pm_card_visa", null);
        assertThat(claim.status()).isEqualTo(201);
        String bookingId = claim.body().path("bookingId").asString();

        var session = new ShellSession(ROOT, List.of(
                new ShellSession.Alias("http://<instance>:8083", "http://localhost:" + port),
                new ShellSession.Alias("FL101", flight),
                new ShellSession.Alias("BK7W2Q9D4M1X8K3P6N", bookingId)));
        session.set("ADMIN", TestApi.token("docs-ops", List.of("admin"), java.time.Duration.ofHours(1)));
        session.runAll(blocks);
        var inventory = api.get("/v1/admin/flights/" + flight + "/inventory");
        assertThat(inventory.raw()).contains("\"status\":\"CANCELLED\"");
    }

    /** The blocks of a page that this test runs, in the page's order. */
    private static List<MarkdownCommands.Block> runHere(String page) {
        return MarkdownCommands.read(ROOT.resolve(page)).stream().filter(DocumentedCommandsTests::runHere).toList();
    }

    private static boolean runHere(MarkdownCommands.Block block) {
        return RUN_SECTIONS.contains(block.file().getFileName() + "#" + block.heading());
    }
}
