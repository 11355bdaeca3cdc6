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

/**
 * The pages in a real browser (headless Chromium): a booking made with the keyboard alone on a
 * phone-sized screen, every page checked by axe-core and for sideways scrolling at 375 px, the API's
 * refusals shown as sentences, the hold's countdown, and the operator console. Screenshots of every
 * page go to target/ui-screenshots.
 */
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
            browser.screenshot("phone-1-search");
            browser.tabTo(e -> e.getText().contains("flight " + flightId), "the flight's link");
            browser.press(Keys.ENTER);

            browser.waiting().until(d -> d.findElement(By.id("book")).isDisplayed());
            browser.awaitText("paymentMethod", "pays at once");
            browser.screenshot("phone-2-flight");
            browser.tabTo(e -> "seats".equals(e.getAttribute("id")), "the seats");
            browser.press("2");
            browser.tabTo(e -> "paymentMethod".equals(e.getAttribute("id")), "the payment method");
            browser.tabTo(e -> "hold".equals(e.getAttribute("id")), "the button");
            browser.press(Keys.ENTER);

            browser.waiting().until(d -> d.getCurrentUrl().contains("/booking.html?id="));
            browser.awaitText("outcome", "Booked: your seats are confirmed.");
            browser.screenshot("phone-3-confirmed");
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
            signInAs(browser, "ops-" + TestApi.randomText(6).toLowerCase(), true);
            for (String page : pages) {
                browser.open(page);
                browser.awaitLoaded();
                browser.assertNoHorizontalScroll(page);
                browser.seriousAccessibilityViolations().forEach(v -> found.add(page + ": " + v));
                browser.consoleErrors().forEach(e -> found.add(page + ": console: " + e));
                browser.screenshot("phone-page" + page.replaceAll("[^a-z]+", "-").replaceAll("-$", ""));
            }
        }
        assertThat(found).as("serious or critical accessibility violations, and console errors").isEmpty();
    }

    @Test
    void aRefusalIsShownAsASentenceABuyerUnderstands() {
        String flightId = api.createFlight(1);
        api.claim(TestApi.newUserId(), flightId, 1);

        try (var browser = new Browser(port, Browser.PHONE)) {
            signInAs(browser, TestApi.newUserId(), false);
            browser.open("/flight.html?id=" + flightId);
            browser.waiting().until(d -> d.findElement(By.id("book")).isDisplayed());
            browser.awaitText("paymentMethod", "pays at once");
            browser.driver.findElement(By.id("hold")).click();

            browser.awaitText("message", "Sorry, there are not enough seats left on this flight.");
            assertThat(browser.driver.findElement(By.id("message")).getAttribute("class")).contains("error");
            browser.screenshot("phone-no-seats");
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
    void theHoldCountsDownAndSaysPlainlyWhenItEnded() {
        String user = TestApi.newUserId();
        String bookingId = api.claim(user, api.createFlight(5), 1).body().path("bookingId").asString();

        try (var browser = new Browser(port, Browser.PHONE)) {
            signInAs(browser, user, false);
            browser.open("/booking.html?id=" + bookingId);
            browser.awaitText("countdown", "s left");
            browser.awaitText("countdown-note", "Your seats are held until");
            browser.screenshot("phone-hold");

            // The hold as the booking records it ends a second ago: what a buyer sees once it lapsed.
            jdbc.sql("UPDATE booking SET hold_expires_at = :at WHERE id = :id").param("id", bookingId)
                    .param("at", java.sql.Timestamp.from(Instant.now().minusSeconds(1))).update();
            browser.open("/booking.html?id=" + bookingId);
            browser.awaitText("countdown", "Your hold has ended");
            browser.awaitText("countdown-note", "the seats have been released");
        }
    }

    @Test
    void anOperatorCreatesAFlightAndCancelsItInTheConsole() {
        String flightId = TestApi.newFlightId();
        try (var browser = new Browser(port, Browser.DESKTOP)) {
            signInAs(browser, "ops-" + TestApi.randomText(6).toLowerCase(), true);
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
            browser.screenshot("desktop-console-flights");

            api.claim(TestApi.newUserId(), flightId, 3);
            browser.driver.findElement(By.linkText(flightId)).click();
            browser.awaitText("agree", "agree");
            browser.awaitText("inventory", "3");
            browser.driver.findElement(By.id("cancel")).click();
            browser.driver.switchTo().alert().accept();
            browser.awaitText("message", "The flight is cancelled. Bookings cancelled now: 1;");
            browser.awaitText("inventory", "CANCELLED");
            browser.screenshot("desktop-console-flight-cancelled");
            assertThat(browser.consoleErrors()).isEmpty();
        }
        assertThat(jdbc.sql("SELECT status FROM flight WHERE id = :id").param("id", flightId).query(String.class).single())
                .isEqualTo("CANCELLED");
    }

    /** Signs in through the dev form, as a person would (the token stays in the tab's sessionStorage). */
    private static void signInAs(Browser browser, String userId, boolean operator) {
        browser.open("/signin.html");
        browser.waiting().until(d -> d.findElement(By.id("dev")).isDisplayed());
        browser.driver.findElement(By.id("userId")).sendKeys(userId);
        if (operator) {
            browser.driver.findElement(By.id("admin")).click();
        }
        browser.driver.findElement(By.cssSelector("#dev button")).click();
        browser.awaitText("header", "Signed in as " + userId);
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
