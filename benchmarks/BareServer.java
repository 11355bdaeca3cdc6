import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * The baseline of the sold-out benchmark: the JDK's own HTTP server on virtual threads, answering
 * every request with the service's 409 NO_SEATS body and nothing else (a POST to /v1/flights, as
 * the flash crowd's set-up sends, gets an empty 201). What no service can beat on this machine. Run with the source launcher: java BareServer.java <port> <body file>.
 */
public class BareServer {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        byte[] body = Files.readAllBytes(Path.of(args[1]));
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 4096);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                if (exchange.getRequestURI().getPath().equals("/v1/flights")) {
                    // The flash crowd's set-up creates its flight first; any 201 will do.
                    exchange.sendResponseHeaders(201, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
                exchange.sendResponseHeaders(409, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        System.out.println("Bare server on port " + port + ", answering " + new String(body, StandardCharsets.UTF_8));
    }
}
