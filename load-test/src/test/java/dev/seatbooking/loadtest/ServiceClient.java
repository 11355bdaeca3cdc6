package dev.seatbooking.loadtest;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Setup calls made outside the load (in a simulation's before() hook) with the JDK's HTTP client:
 * they are not part of what is measured, and a failure here must stop the run before any load is
 * sent, with a message that says what to do.
 */
final class ServiceClient {

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ServiceClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** POST /v1/flights; anything but 201 ends the run (409 FLIGHT_EXISTS would mix two runs' counts). */
    void createFlight(String flightId, int capacity) {
        // The departure lies ahead of any run, whatever day it is.
        Instant departure = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String body = """
                {"flightId":"%s","origin":"FRA","destination":"JFK","departureTime":"%s",\
                "capacity":%d,"price":199.00,"currency":"EUR"}""".formatted(flightId, departure, capacity);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/flights"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + Tokens.admin())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 201) {
            throw new IllegalStateException("Could not create flight " + flightId + ": "
                    + response.statusCode() + " " + response.body());
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IllegalStateException("No booking service at " + baseUrl
                    + ": start it with ./run (or pass -DbaseUrl=http://host:port)", e);
        } catch (IOException e) {
            throw new IllegalStateException("Calling " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + request.uri(), e);
        }
    }
}
