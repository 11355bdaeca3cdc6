package dev.seatbooking.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The alert rules and the Grafana dashboard under ops/, as the tests read them. */
final class OpsArtefacts {

    static final Path ALERTS = Path.of("..", "ops", "prometheus", "alerts.yml");
    static final Path DASHBOARD = Path.of("..", "ops", "grafana", "booking-service.json");

    private static final Pattern LABEL_VALUES =
            Pattern.compile("label_values\\(\\s*([^,)]*?)\\s*(?:,[^)]*)?\\)");

    private OpsArtefacts() {
    }

    static JsonNode dashboard() {
        return JsonMapper.builder().build().readTree(read(DASHBOARD));
    }

    /** Every panel of the dashboard, those inside collapsed rows included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    static List<String> dashboardExpressions() {
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : panels(dashboard())) {
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asString()));
        }
        for (JsonNode variable : dashboard().path("templating").path("list")) {
            if ("query".equals(variable.path("type").asString())) {
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asString() : query.asString();
                // label_values(metric, label): the metric is a selector, the label is not a metric
                expressions.add(LABEL_VALUES.matcher(text).replaceAll("$1"));
            }
        }
        return expressions;
    }

    /** The alert rules: name to expression. */
    @SuppressWarnings("unchecked")
    static Map<String, String> alertExpressions() {
        Map<String, Object> rules = new Yaml().load(read(ALERTS));
        var alerts = new LinkedHashMap<String, String>();
        for (var group : (List<Map<String, Object>>) rules.get("groups")) {
            for (var rule : (List<Map<String, Object>>) group.get("rules")) {
                alerts.put((String) rule.get("alert"), String.valueOf(rule.get("expr")));
            }
        }
        return alerts;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
