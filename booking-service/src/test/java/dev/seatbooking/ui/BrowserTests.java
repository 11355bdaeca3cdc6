package dev.seatbooking.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;
import org.springframework.test.context.TestPropertySource;
import dev.seatbooking.inventory.InventoryKeys;

/**
 * The pages in a real browser (headless Chromium): a booking made with the keyboard alone on a
 * phone-sized screen, every page checked by axe-core and for sideways scrolling at 375 px, the API's
 * refusals shown as sentences, the hold's countdown, and the operator console. Screenshots of every
 * page go to target/ui-screenshots.
 */
// The simulator answers after 1.5-2 s, as a real card payment might: long enough for a page to be
// seen waiting, and the outcome seen arriving.
@TestPropertySource(properties = {"simulator.event-delay-min=1500ms", "simulator.event-delay-max=2s"})
class BrowserTests extends IntegrationTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aBuyerBooksWithTheKeyboardAloneOnAPhone() throws Exception {
        String origin = airport();
        String destination = airport();
        String flightId = flightOn(origin, destination, 10);
        String user = TestApi.newUserId();

        try (var browser = new Browser(port, Browser.PHONE)) {
            browser.open("/signin.html");
            browser.waiting().until(d -> "userId".equals(d.switchTo().activeElement().getAttribute("id")));
            browser.press(user, Keys.ENTER);
            browser.waiting().until(d -> d.getCurrentUrl().endsWith("/"));
            browser.awaitText("header", "Signed in as " + user);

            browser.tabTo(e -> "origin".equals(e.getAttribute("name")), "the From field");
            browser.press(origin.toLowerCase(), Keys.TAB, destination, Keys.ENTER);
            browser.awaitText("results", "flight " + flightId);
            browser.screenshot("buyer-search");
            browser.tabTo(e -> e.getText().contains("flight " + flightId), "the flight's link");
            browser.press(Keys.ENTER);

            browser.waiting().until(d -> d.findElement(By.id("book")).isDisplayed());
            browser.awaitText("paymentMethod", "pays at once");
            browser.screenshot("buyer-flight");
            browser.tabTo(e -> "seats".equals(e.getAttribute("id")), "the seats");
            browser.press("2");
            browser.tabTo(e -> "paymentMethod".equals(e.getAttribute("id")), "the payment method");
            browser.tabTo(e -> "hold".equals(e.getAttribute("id")), "the button");
            browser.press(Keys.ENTER);

            browser.waiting().until(d -> d.getCurrentUrl().contains("/booking.html?id="));
            browser.awaitText("outcome", "Booked: your seats are confirmed.");
            
            assertThat(browser.consoleErrors()).isEmpty();
        }
        var bookings = jdbc.sql("SELECT status, seats FROM booking WHERE user_id = :user").param("user", user)
                .query((rs, n) -> rs.getString(1) + " " + rs.getInt(2)).list();
        assertThat(bookings).containsExactly("CONFIRMED 2");
    }

    @Test
    void everyPageIsAccessibleAndFitsAPhone() {
        String flightId = api.createFlight(10);
        String bookingId = api.claim(TestApi.newUserId(), flightId, 1).body().path("bookingId").asString();
        List<String> pages = List.of("/signin.html", "/", "/flight.html?id=" + flightId, "/booking.html?id=" + bookingId,
                "/bookings.html", "/console/", "/console/flight.html?id=" + flightId,
                "/console/booking.html?id=" + bookingId, "/console/outbox.html");
        List<String> found = new ArrayList<>();

        try (var browser = new Browser(port, Browser.PHONE)) {
            browser.signInAs("ops-" + TestApi.randomText(6).toLowerCase(), true);
            for (String page : pages) {
                browser.open(page);
                browser.awaitLoaded();
                browser.assertNoHorizontalScroll(page);
                browser.seriousAccessibilityViolations().forEach(v -> found.add(page + ": " + v));
                browser.consoleErrors().forEach(e -> found.add(page + ": console: " + e));
                browser.screenshot("page" + page.replaceAll("[^a-z]+", "-").replaceAll("-$", ""));
            }
        }
        assertThat(found).as("serious or critical accessibility violations, and console errors").isEmpty();
    }

    /** The demo flight, 2 seats, a card that pays after a few seconds: the confirmation arrives on the page by itself. */
    @Test
    void aBuyerFindsFL101HoldsTwoSeatsAndSeesTheConfirmationArrive() {
        String day = api.flight("FL101").path("departureTime").asString().substring(0, 10);
        String user = TestApi.newUserId();
        try (var browser = new Browser(port, Browser.PHONE)) {
            browser.signInAs(user, false);
            var search = browser.driver.findElement(By.id("search"));
            search.findElement(By.name("origin")).sendKeys("FRA");
            search.findElement(By.name("destination")).sendKeys("JFK");
            browser.js("arguments[0].value = arguments[1]", search.findElement(By.name("date")), day);
            search.findElement(By.tagName("button")).click();
            browser.awaitText("results", "flight FL101");
            browser.driver.findElement(By.partialLinkText("flight FL101")).click();

            browser.awaitLoaded();
            new Select(browser.driver.findElement(By.id("seats"))).selectByValue("2");
            new Select(browser.driver.findElement(By.id("paymentMethod"))).selectByValue("pm_sim_delayed");
            browser.driver.findElement(By.id("hold")).click();
            browser.waiting().until(d -> d.getCurrentUrl().contains("/booking.html?id="));
            browser.awaitText("outcome", "Your seats are held");
            browser.screenshot("buyer-hold");
            // Marks this page: a reload would lose the mark.
            browser.js("window.stillThisPage = true");

            browser.awaitText("outcome", "Booked: your seats are confirmed.");
            assertThat(browser.js("return window.stillThisPage === true")).isEqualTo(true);
            browser.screenshot("buyer-confirmed");
            String bookingId = browser.driver.getCurrentUrl().replaceAll(".*id=", "");
            assertThat(bookingStatus(bookingId)).isEqualTo("CONFIRMED");
            // The demo flight is everyone's: its seats go back.
            api.deleteAs(TestApi.userToken(user), "/v1/bookings/" + bookingId);
        }
    }

    @Test
    void aDeclinedCardIsSaidPlainly() {
        String flightId = api.createFlight(5);
        try (var browser = new Browser(port, Browser.PHONE)) {
            browser.signInAs(TestApi.newUserId(), false);
            holdSeats(browser, flightId, "pm_card_visa_chargeDeclined");

            browser.awaitText("outcome", "Your payment was declined. Nothing was charged and the seats were released.");
            browser.screenshot("buyer-declined");
        }
        assertThat(api.flight(flightId).path("availableSeats").asInt()).isEqualTo(5);
    }

    /** Two buyers press "Hold seats" for the last seat at once: one is booked, the other told it is sold out. */
    @Test
    void twoBrowsersRaceForTheLastSeat() throws Exception {
        String flightId = api.createFlight(1);
        try (var first = new Browser(port, Browser.PHONE); var second = new Browser(port, Browser.PHONE)) {
            for (var browser : List.of(first, second)) {
                browser.signInAs(TestApi.newUserId(), false);
                browser.open("/flight.html?id=" + flightId);
                browser.awaitLoaded();
                new Select(browser.driver.findElement(By.id("paymentMethod"))).selectByValue("pm_card_visa");
            }
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
                var clicks = List.of(first, second).stream()
                        .map(b -> pool.submit(() -> b.driver.findElement(By.id("hold")).click())).toList();
                for (var click : clicks) {
                    click.get();
                }
            }
            List<String> outcomes = new ArrayList<>();
            for (var browser : List.of(first, second)) {
                browser.waiting().until(d -> browser.text("outcome").startsWith("Booked")
                        || browser.text("message").startsWith("Sorry"));
                outcomes.add(browser.text("outcome").startsWith("Booked") ? "booked" : browser.text("message"));
            }
            assertThat(outcomes).containsExactlyInAnyOrder("booked",
                    "Sorry, there are not enough seats left on this flight. Try fewer seats or another flight.");
            (first.text("outcome").startsWith("Booked") ? second : first).screenshot("buyer-sold-out");
        }
        assertThat(seatsSold(flightId)).isEqualTo(1);
    }

    /** After signing in the page goes back where the buyer was, never to another site. */
    @Test
    void signingInNeverLeadsToAnotherSite() {
        try (var browser = new Browser(port, Browser.PHONE)) {
            browser.open("/signin.html?then=/%5Cevil.example/");
            browser.waiting().until(d -> d.findElement(By.id("dev")).isDisplayed());
            browser.driver.findElement(By.id("userId")).sendKeys(TestApi.newUserId(), Keys.ENTER);
            browser.waiting().until(d -> !d.getCurrentUrl().contains("signin"));
            assertThat(browser.driver.getCurrentUrl()).startsWith("http://127.0.0.1:" + port + "/");
        }
    }

    /** Every error code the API documents has its sentence in the pages' script. */
    @Test
    void everyErrorCodeHasASentence() throws Exception {
        var codes = new TreeSet<String>();
        var document = api.get("/v3/api-docs").raw();
        var matcher = java.util.regex.Pattern.compile("\\\\\"error\\\\\"\\s*:\\s*\\\\\"([A-Z_]+)\\\\\"|\"error\"\\s*:\\s*\"([A-Z_]+)\"")
                .matcher(document);
        while (matcher.find()) {
            codes.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
        }
        String script = Files.readString(Path.of("src/main/resources/static/assets/app.js"));

        assertThat(codes).hasSizeGreaterThan(25);
        assertThat(codes).allSatisfy(code -> assertThat(script).as("sentence for " + code).contains("  " + code + ": ("));
    }

    @Test
    void anOperatorCreatesAFlightAndCancelsItInTheConsole() {
        String flightId = TestApi.newFlightId();
        try (var browser = new Browser(port, Browser.DESKTOP)) {
            browser.signInAs("ops-" + TestApi.randomText(6).toLowerCase(), true);
            browser.open("/console/");
            var form = browser.driver.findElement(By.id("create"));
            form.findElement(By.name("flightId")).sendKeys(flightId);
            form.findElement(By.name("origin")).sendKeys("FRA");
            form.findElement(By.name("destination")).sendKeys("OPO");
            browser.js("arguments[0].value = arguments[1]", form.findElement(By.name("departureTime")),
                    Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MINUTES).toString().replace(":00Z", ""));
            form.findElement(By.name("capacity")).sendKeys("12");
            form.findElement(By.name("price")).sendKeys("59.90");
            form.findElement(By.tagName("button")).click();
            browser.awaitText("message", "Flight " + flightId + " is created and on sale.");
            browser.awaitText("flights", flightId);

            // A buyer's hold appears in the table by itself.
            String bookingId = api.claim(TestApi.newUserId(), flightId, 3).body().path("bookingId").asString();
            browser.waiting().until(d -> browser.rowOf("flights", flightId).contains("12 0 3 9"));
            browser.screenshot("console-flights");
            browser.driver.findElement(By.linkText(flightId)).click();
            browser.awaitText("agree", "Redis and the database agree.");

            // Redis loses the hold (as a reset between a commit and its Redis step could): the drift shows.
            var keys = InventoryKeys.of(flightId);
            redis.opsForZSet().remove(keys.holds(), bookingId);
            redis.opsForHash().delete(keys.holdSeats(), bookingId);
            redis.opsForHash().increment(keys.inventory(), "held", -3);
            browser.awaitText("agree", "Redis and the database differ.");
            browser.screenshot("console-drift");
            browser.driver.findElement(By.id("reconcile")).click();
            browser.awaitText("message", "Repaired: hold_added 1");
            browser.awaitText("agree", "Redis and the database agree.");
            browser.awaitText("inventory", "3");
            browser.driver.findElement(By.id("cancel")).click();
            browser.driver.switchTo().alert().accept();
            browser.awaitText("message", "The flight is cancelled. Bookings cancelled now: 1;");
            browser.awaitText("inventory", "CANCELLED");
            browser.screenshot("console-flight-cancelled");
            assertThat(browser.consoleErrors()).isEmpty();
        }
        assertThat(jdbc.sql("SELECT status FROM flight WHERE id = :id").param("id", flightId).query(String.class).single())
                .isEqualTo("CANCELLED");
    }

    /** Opens the flight's page and holds one seat, paying with the given test method. */
    private static void holdSeats(Browser browser, String flightId, String paymentMethod) {
        browser.open("/flight.html?id=" + flightId);
        browser.awaitLoaded();
        new Select(browser.driver.findElement(By.id("paymentMethod"))).selectByValue(paymentMethod);
        browser.driver.findElement(By.id("hold")).click();
        browser.waiting().until(d -> d.getCurrentUrl().contains("/booking.html?id="));
    }

    /** A flight on a route of its own, so that a search finds it among the tests' others. */
    private String flightOn(String origin, String destination, int capacity) {
        String id = TestApi.newFlightId();
        var created = api.post("/v1/flights", null, """
                {"flightId":"%s","origin":"%s","destination":"%s","departureTime":"%s",
                 "capacity":%d,"price":75.00,"currency":"EUR"}""".formatted(id, origin, destination, TestApi.departure(),
                capacity));
        assertThat(created.status()).isEqualTo(201);
        return id;
    }

    private static String airport() {
        var code = new StringBuilder("Q");
        for (int i = 0; i < 2; i++) {
            code.append((char) ('A' + RANDOM.nextInt(26)));
        }
        return code.toString();
    }
}
