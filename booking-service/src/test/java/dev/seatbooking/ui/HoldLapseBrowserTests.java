package dev.seatbooking.ui;

import dev.seatbooking.IntegrationTest;
import dev.seatbooking.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Holds of 2 s (the context HoldExpiryJobTests and LateAuthorizationTests share): a hold left to lapse, in the browser. */
@TestPropertySource(properties = {"booking.hold-ttl=2s", "booking.expiry-interval=1s"})
class HoldLapseBrowserTests extends IntegrationTest {

    @Test
    void theCountdownReachesZeroAndThePageSaysTheSeatsWereReleased() {
        String user = TestApi.newUserId();
        try (var browser = new Browser(port, Browser.PHONE)) {
            browser.signInAs(user, false);
            browser.open("/flight.html?id=" + api.createFlight(5));
            browser.awaitLoaded();
            new org.openqa.selenium.support.ui.Select(browser.driver.findElement(org.openqa.selenium.By.id("paymentMethod")))
                    .selectByValue("pm_sim_never");
            browser.driver.findElement(org.openqa.selenium.By.id("hold")).click();

            browser.awaitText("countdown-note", "Your seats are held until");
            browser.awaitText("countdown", "s left");
            browser.screenshot("buyer-countdown");
            // The page counts down to zero, then hears the booking's end from the stream.
            browser.awaitText("outcome", "The payment did not complete before your hold ended. The seats were released");
            browser.awaitText("countdown", "Your hold has ended");
            browser.screenshot("buyer-hold-lapsed");
        }
    }
}
