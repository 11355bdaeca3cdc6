package dev.seatbooking.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Requests Tomcat refuses before any of our code runs (an encoded slash, backslash or NUL in the
 * path, a malformed request line or header) get a problem detail like every other error, instead
 * of Tomcat's HTML page. Tomcat renders those with the host's error report valve: this replaces
 * Spring Boot's (which already hides the stack trace and server version) with one that writes JSON.
 * It only answers what nothing else answered: a response our code wrote is left alone.
 */
@Component
class ProblemErrorReports implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            // The host adds a valve of this class at start unless it has one: naming ours keeps it
            // from adding Tomcat's default, which shows exception reports and the server version.
            var host = (StandardHost) context.getParent();
            host.setErrorReportValveClass(ProblemValve.class.getName());
            var pipeline = host.getPipeline();
            for (Valve valve : pipeline.getValves()) {
                if (valve instanceof ErrorReportValve) {
                    pipeline.removeValve(valve);
                }
            }
            pipeline.addValve(new ProblemValve());
        });
    }

    /** After Spring Boot's own customizer, which adds its error report valve. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** Public, with a public constructor: Tomcat may make one from its class name. */
    public static final class ProblemValve extends ErrorReportValve {

        public ProblemValve() {
            setShowReport(false);
            setShowServerInfo(false);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            // 501 and 505 answer what the client sent (an unknown method or transfer coding, HTTP/2.0 on
            // this port): a client error, so a 400 like every other request that cannot be read.
            if (status == 501 || status == 505) {
                status = 400;
                response.setStatus(status);
            }
            var known = HttpStatus.resolve(status);
            String title = known == null ? "Request failed" : known.getReasonPhrase();
            String error = status == 404 ? "NOT_FOUND" : status < 500 ? "MALFORMED_REQUEST" : "INTERNAL_ERROR";
            String detail = status < 500 ? "The request is not one this API can read" : "Something went wrong on our side";
            // Written by hand: Tomcat answers here without Spring; no part of the request is echoed.
            String body = """
                    {"type":"/problems/%s","title":"%s","status":%d,"detail":"%s","error":"%s"}"""
                    .formatted(error.toLowerCase().replace('_', '-'), title, status, detail, error);
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // The client went away, or the response cannot take a body: nothing more to say.
            }
        }
    }
}
