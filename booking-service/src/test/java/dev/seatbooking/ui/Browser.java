package dev.seatbooking.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through its ChromeDriver (both from src/test/ui/install-browser.sh,
 * which the build runs first), on a phone-sized window unless told otherwise. Never Selenium
 * Manager's download of a browser: the driver and the binary are given.
 */
final class Browser implements AutoCloseable {

    static final Dimension PHONE = new Dimension(375, 667);
    static final Dimension DESKTOP = new Dimension(1280, 900);
    private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
    private static final Path AXE = Path.of("src", "test", "ui", "node_modules", "axe-core", "axe.min.js");

    final ChromeDriver driver;
    private final String base;

    Browser(int port, Dimension size) {
        var options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // As root in a sandbox without a display; no calls to Google's services, which this
        // machine's closed network refuses.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--lang=en-GB");
        var logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
                .build();
        this.driver = new ChromeDriver(service, options);
        this.driver.manage().window().setSize(size);
        this.base = "http://127.0.0.1:" + port;
    }

    /** Signs in through the dev form, as a person would (the token stays in the tab's sessionStorage). */
    void signInAs(String userId, boolean operator) {
        open("/signin.html");
        waiting().until(d -> d.findElement(org.openqa.selenium.By.id("dev")).isDisplayed());
        driver.findElement(org.openqa.selenium.By.id("userId")).sendKeys(userId);
        if (operator) {
            driver.findElement(org.openqa.selenium.By.id("admin")).click();
        }
        driver.findElement(org.openqa.selenium.By.cssSelector("#dev button")).click();
        awaitText("header", "Signed in as " + userId);
    }

    /** The text of the table row whose first cell is {@code key}, cells joined by spaces; empty if none. */
    String rowOf(String tbodyId, String key) {
        try {
            for (var row : driver.findElements(org.openqa.selenium.By.cssSelector("#" + tbodyId + " tr"))) {
                var cells = row.findElements(org.openqa.selenium.By.cssSelector("th, td"));
                if (!cells.isEmpty() && cells.getFirst().getText().equals(key)) {
                    return String.join(" ", cells.stream().skip(4).map(c -> c.getText()).toList());
                }
            }
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            // the table was filled again under the read
        }
        return "";
    }

    void open(String path) {
        driver.get(base + path);
    }

    /** Waits until the page has filled itself from the API once (its script marks the body). */
    void awaitLoaded() {
        waiting().until(d -> "true".equals(d.findElement(org.openqa.selenium.By.tagName("body")).getDomAttribute("data-loaded")));
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    /** Waits until the element's text contains the words. */
    void awaitText(String id, String words) {
        waiting().withMessage(() -> "#" + id + " to contain '" + words + "', is '" + text(id) + "'")
                .until(d -> text(id).contains(words));
    }

    String text(String id) {
        try {
            var found = driver.findElements(org.openqa.selenium.By.id(id));
            return found.isEmpty() ? "" : found.getFirst().getText();
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return ""; // the page changed under the read: the next one sees the new page
        }
    }

    /** Presses Tab until the focused element satisfies the test, as a keyboard user would; fails after 60. */
    WebElement tabTo(java.util.function.Predicate<WebElement> wanted, String what) {
        for (int i = 0; i < 60; i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            var focused = driver.switchTo().activeElement();
            if (wanted.test(focused)) {
                return focused;
            }
        }
        throw new AssertionError("Tab never reached " + what);
    }

    void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** The page is no wider than the window: nothing to scroll sideways. */
    void assertNoHorizontalScroll(String page) {
        long scrollWidth = ((Number) js("return document.documentElement.scrollWidth")).longValue();
        long viewport = ((Number) js("return window.innerWidth")).longValue();
        assertThat(scrollWidth).as("width of %s at %d px", page, viewport).isLessThanOrEqualTo(viewport);
    }

    /** What axe-core finds on the page that is serious or critical, one line each. */
    @SuppressWarnings("unchecked")
    List<String> seriousAccessibilityViolations() {
        try {
            js(Files.readString(AXE));
        } catch (IOException e) {
            throw new UncheckedIOException("axe-core is missing: run src/test/ui/install-browser.sh", e);
        }
        var result = (Map<String, Object>) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(r => done(r), e => done({error: String(e)}));
                """);
        assertThat(result.get("error")).as("axe-core run").isNull();
        List<String> serious = new ArrayList<>();
        for (var violation : (List<Map<String, Object>>) result.get("violations")) {
            String impact = String.valueOf(violation.get("impact"));
            if (impact.equals("serious") || impact.equals("critical")) {
                var nodes = (List<Map<String, Object>>) violation.get("nodes");
                serious.add(impact + " " + violation.get("id") + ": " + violation.get("help") + " at "
                        + nodes.stream().map(n -> String.valueOf(n.get("target"))).toList());
            }
        }
        return serious;
    }

    /** The browser's console errors since the last call: a script that failed, a policy that blocked something. */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(entry -> entry.getMessage())
                // The pages report a refused call as a sentence; the browser logs its status too.
                .filter(message -> !message.matches(".*the server responded with a status of (4\\d\\d|503).*"))
                .toList();
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
