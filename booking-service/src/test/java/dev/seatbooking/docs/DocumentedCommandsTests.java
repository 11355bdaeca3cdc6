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

    /** The sections this test runs, block after block in one shell session, as a reader would. */
    private static final Set<String> RUN_SECTIONS = Set.of("README.md#Try it");

    /** The pages whose every block must be run or marked (the rest of docs/ is issue 22's next step). */
    private static final Set<String> CHECKED_PAGES = Set.of("README.md");

    @Test
    void everyCommandBlockIsRunOrSaysWhyNot() {
        var blocks = MarkdownCommands.of(ROOT).blocks().stream()
                .filter(block -> CHECKED_PAGES.contains(block.file().getFileName().toString()))
                .toList();
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
        var blocks = MarkdownCommands.read(ROOT.resolve("README.md")).stream()
                .filter(DocumentedCommandsTests::runHere)
                .toList();
        assertThat(blocks).hasSizeGreaterThan(5);

        // The README's FL101 and FL102 are fresh flights here: other tests book FL101 too. FL101's
        // twin has the demo flight's attributes, so its answers read as printed.
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
        long started = System.nanoTime();
        for (var block : blocks) {
            session.run(block);
        }
        System.out.printf("README.md, Try it: %d command blocks run as printed in %.1f s%n", blocks.size(),
                (System.nanoTime() - started) / 1e9);
    }

    private static boolean runHere(MarkdownCommands.Block block) {
        return RUN_SECTIONS.contains(block.file().getFileName() + "#" + block.heading());
    }
}
