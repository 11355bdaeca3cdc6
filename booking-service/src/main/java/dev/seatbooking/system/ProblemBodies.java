package dev.seatbooking.system;

import java.net.URI;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RFC 9457 body of an error (DESIGN section 5): built here for {@link ProblemDetailsAdvice}, and
 * written here, byte for byte as Spring MVC writes it, for the code that answers before MVC runs.
 */
@Component
public class ProblemBodies {

    public static final String CONTENT_TYPE = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    /** Spring MVC's mapper writes a problem's properties (its {@code error}) as top-level fields. */
    private final JsonMapper json;

    ProblemBodies(JsonMapper json) {
        this.json = json.rebuild().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class).build();
    }

    static ProblemDetail problem(HttpStatus status, String error, String detail) {
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("/problems/" + error.toLowerCase(Locale.ROOT).replace('_', '-')));
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("error", error);
        return problem;
    }

    /** The body Spring MVC would write for this problem, answering a request for {@code path}. */
    public byte[] json(ApiProblem problem, String path) {
        var body = problem(problem.status(), problem.error(), problem.getMessage());
        body.setInstance(URI.create(path));
        return json.writeValueAsBytes(body);
    }
}
