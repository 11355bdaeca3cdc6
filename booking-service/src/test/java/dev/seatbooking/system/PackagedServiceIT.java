package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The jar the build made starts, as {@code ./run} and a deployment start it: dev mode with the
 * simulator and the embedded servers, the JVM flags of jvm.options. The other tests run on the test
 * classpath, which may hold what the jar lacks (a test-scoped dependency takes a library out of it).
 * Run by failsafe after the jar is packaged.
 */
class PackagedServiceIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void thePackagedJarStartsAndServes() throws Exception {
        Path jar = Path.of("target", "booking-service.jar");
        assertThat(jar).exists();
        int port = freePort();
        Path log = Files.createTempFile("packaged-service", ".log");
        var command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Files.readAllLines(Path.of("jvm.options")).stream().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(command::add);
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port, "--security.dev-tokens.enabled=true",
                "--simulator.enabled=true"));
        var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            var deadline = Instant.now().plus(Duration.ofSeconds(120));
            int health = 0;
            while (Instant.now().isBefore(deadline) && process.isAlive() && health != 200) {
                health = status("http://127.0.0.1:" + port + "/actuator/health/readiness");
                Thread.sleep(500);
            }
            assertThat(health).as("readiness of the packaged jar; its log: %s", tail(log)).isEqualTo(200);
            assertThat(status("http://127.0.0.1:" + port + "/v1/flights/FL101")).isEqualTo(200);
            assertThat(status("http://127.0.0.1:" + port + "/v3/api-docs")).isEqualTo(200);
            assertThat(status("http://127.0.0.1:" + port + "/")).isEqualTo(200);
        } finally {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static String tail(Path log) throws IOException {
        var lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
