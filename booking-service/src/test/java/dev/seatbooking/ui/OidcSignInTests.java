package dev.seatbooking.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import testissuer.TestIssuer;

/**
 * Sign-in through an OpenID Connect issuer the test starts (Spring Authorization Server): a service
 * instance out of dev mode that takes that issuer's tokens, whose pages send a buyer to the issuer's
 * sign-in page and back (authorization code with PKCE), then call the API with the token.
 */
class OidcSignInTests extends IntegrationTest {

    @Test
    void aBuyerSignsInAtTheIssuerAndThePagesUseItsToken() throws Exception {
        int issuerPort = freePort();
        int servicePort = freePort();
        String serviceOrigin = "http://127.0.0.1:" + servicePort;
        String issuer = "http://127.0.0.1:" + issuerPort;
        try (var idp = TestIssuer.start(issuerPort, serviceOrigin);
                var service = startAnotherInstance("--server.port=" + servicePort, "--security.dev-tokens.enabled=false",
                        "--simulator.enabled=false", "--payment.api-key=sk_test_unused_in_this_test",
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer,
                        "--security.oidc.client-id=" + TestIssuer.CLIENT_ID,
                        // This instance only serves pages and reads: it leaves the shared outbox alone.
                        "--booking.outbox-relay-interval=1h", "--booking.expiry-job-enabled=false");
                var browser = new Browser(servicePort, Browser.PHONE)) {
            var page = api.sendAnonymously(HttpRequest.newBuilder(URI.create(serviceOrigin + "/signin.html")).GET());
            assertThat(page.header("Content-Security-Policy")).contains("connect-src 'self' " + issuer + ";");
            assertThat(api.sendAnonymously(HttpRequest.newBuilder(URI.create(serviceOrigin + "/dev/token?userId=x"))
                    .POST(HttpRequest.BodyPublishers.noBody())).status()).as("no dev tokens").isNotEqualTo(200);

            browser.open("/bookings.html");
            browser.waiting().until(d -> d.getCurrentUrl().contains("/signin.html?then="));
            browser.waiting().until(d -> d.findElement(By.id("oidc")).isDisplayed());
            assertThat(browser.driver.findElement(By.id("dev")).isDisplayed()).isFalse();
            browser.screenshot("signin-oidc");
            browser.driver.findElement(By.id("oidc-signin")).click();

            browser.waiting().until(d -> d.getCurrentUrl().startsWith(issuer + "/login"));
            browser.driver.findElement(By.name("username")).sendKeys(TestIssuer.USER);
            browser.driver.findElement(By.name("password")).sendKeys(TestIssuer.PASSWORD);
            browser.driver.findElement(By.cssSelector("button[type=submit]")).click();

            browser.waiting().withMessage(() -> "back at the service's page, not " + browser.driver.getCurrentUrl() + ": "
                    + browser.text("main")).until(d -> d.getCurrentUrl().equals(serviceOrigin + "/bookings.html"));
            browser.awaitText("header", "Signed in as " + TestIssuer.USER);
            browser.awaitText("message", "You have no bookings yet.");
            // The token is the issuer's, kept in the tab; the address bar never held it, nor the code by now.
            String token = (String) browser.js("return sessionStorage.getItem('seatbooking.token')");
            assertThat(token).isNotBlank();
            var asAlice = api.sendAnonymously(HttpRequest.newBuilder(URI.create(serviceOrigin + "/v1/bookings"))
                    .header("Authorization", "Bearer " + token).GET());
            assertThat(asAlice.status()).isEqualTo(200);
            assertThat(asAlice.headers()).doesNotContainKey("set-cookie");
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
