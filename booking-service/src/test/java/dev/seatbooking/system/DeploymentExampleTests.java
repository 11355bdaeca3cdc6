package dev.seatbooking.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seatbooking.IntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * deploy/kubernetes/booking-service.yaml against the service itself: its port, the probe paths
 * (asked of this running instance), the JVM flags of jvm.options, and every variable it sets
 * naming a property the service or Spring Boot really reads.
 */
class DeploymentExampleTests extends IntegrationTest {

    private static final Path EXAMPLE = Path.of("..", "deploy", "kubernetes", "booking-service.yaml");
    /** Variables for the JVM and the C library, not properties. */
    private static final Set<String> NOT_PROPERTIES = Set.of("JAVA_TOOL_OPTIONS", "MALLOC_ARENA_MAX");
    private static final Pattern MEBIBYTES = Pattern.compile("(\\d+)Mi");

    @Test
    void theKubernetesExampleMatchesTheService() throws IOException {
        var kinds = documentsByKind();
        var deployment = kinds.get("Deployment");
        var podSpec = map(map(map(deployment, "spec"), "template"), "spec");
        var container = list(podSpec, "containers").getFirst();

        // The port the service listens on, named for the probes and the Service.
        var port = list(container, "ports").getFirst();
        assertThat(port.get("containerPort")).isEqualTo(Integer.parseInt(applicationProperties().getProperty("server.port")));
        assertThat(list(map(kinds.get("Service"), "spec"), "ports").getFirst().get("targetPort")).isEqualTo(port.get("name"));

        // Every probe asks a path this instance answers 200, on the named port.
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            var get = map(map(container, probe), "httpGet");
            assertThat(get.get("port")).as(probe).isEqualTo(port.get("name"));
            assertThat(api.get((String) get.get("path")).status()).as(probe + " " + get.get("path")).isEqualTo(200);
        }
        assertThat((String) map(map(container, "readinessProbe"), "httpGet").get("path")).endsWith("/readiness");

        // The JVM flags ./run starts the service with, and room for the RSS measured under a crowd.
        var env = list(container, "env");
        String toolOptions = env.stream().filter(e -> "JAVA_TOOL_OPTIONS".equals(e.get("name")))
                .map(e -> (String) e.get("value")).findFirst().orElseThrow();
        assertThat(toolOptions).isEqualTo(String.join(" ", jvmOptions()));
        var limits = map(map(container, "resources"), "limits");
        assertThat(mebibytes((String) limits.get("memory"))).isGreaterThanOrEqualTo(640);

        // Shutdown: the preStop sleep and Spring's 30 s graceful phase fit in the grace period.
        int preStop = (Integer) map(map(map(container, "lifecycle"), "preStop"), "sleep").get("seconds");
        assertThat((Integer) podSpec.get("terminationGracePeriodSeconds")).isGreaterThanOrEqualTo(preStop + 30);

        // The disruption budget covers these pods and leaves some running.
        var labels = map(map(map(deployment, "spec"), "selector"), "matchLabels");
        var budget = map(kinds.get("PodDisruptionBudget"), "spec");
        assertThat(map(map(budget, "selector"), "matchLabels")).isEqualTo(labels);
        assertThat((Integer) budget.get("maxUnavailable")).isLessThan((Integer) map(deployment, "spec").get("replicas"));

        // Every variable names a property the service reads, and the secret holds no real value.
        List<String> variables = new ArrayList<>(map(kinds.get("ConfigMap"), "data").keySet());
        var secrets = map(kinds.get("Secret"), "stringData");
        variables.addAll(secrets.keySet());
        env.forEach(e -> variables.add((String) e.get("name")));
        var known = environmentNames(knownProperties());
        for (String variable : variables) {
            if (!NOT_PROPERTIES.contains(variable)) {
                assertThat(known).as("a property for " + variable).contains(variable);
            }
        }
        assertThat(secrets).containsValue("REPLACE_ME");
        assertThat(secrets.keySet()).contains("PAYMENT_WEBHOOK_SECRET", "PAYMENT_API_KEY", "SPRING_DATASOURCE_PASSWORD");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> documentsByKind() throws IOException {
        Map<String, Map<String, Object>> kinds = new HashMap<>();
        try (InputStream in = Files.newInputStream(EXAMPLE)) {
            for (Object document : new Yaml().loadAll(in)) {
                var resource = (Map<String, Object>) document;
                kinds.put((String) resource.get("kind"), resource);
            }
        }
        assertThat(kinds).containsKeys("ConfigMap", "Secret", "Deployment", "Service", "PodDisruptionBudget");
        return kinds;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        var value = (Map<String, Object>) parent.get(key);
        return value == null ? Map.of() : value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        return (List<Map<String, Object>>) parent.get(key);
    }

    private static int mebibytes(String quantity) {
        var matcher = MEBIBYTES.matcher(quantity);
        assertThat(matcher.matches()).as(quantity + " in Mi").isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static List<String> jvmOptions() throws IOException {
        return Files.readAllLines(Path.of("jvm.options")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    private static Properties applicationProperties() throws IOException {
        var properties = new Properties();
        try (InputStream in = new ClassPathResource("application.properties").getInputStream()) {
            properties.load(in);
        }
        return properties;
    }

    /**
     * Property names the service reads: those Spring Boot and its libraries describe in their
     * configuration metadata, those of this service's @ConfigurationProperties, and those its
     * application.properties and its own environment post-processors set (this instance's
     * environment, without the machine's variables and the JVM's properties).
     */
    private Set<String> knownProperties() throws IOException {
        Set<String> names = new HashSet<>();
        var json = JsonMapper.builder().build();
        for (String file : List.of("META-INF/spring-configuration-metadata.json",
                "META-INF/additional-spring-configuration-metadata.json")) {
            for (var url : Collections.list(DeploymentExampleTests.class.getClassLoader().getResources(file))) {
                try (InputStream in = url.openStream()) {
                    json.readTree(in).path("properties").forEach(p -> names.add(p.path("name").asString()));
                }
            }
        }
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        for (var candidate : scanner.findCandidateComponents("dev.seatbooking")) {
            try {
                var type = Class.forName(candidate.getBeanClassName());
                var annotation = AnnotatedElementUtils.findMergedAnnotation(type, ConfigurationProperties.class);
                addComponents(names, annotation.prefix(), type);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        applicationProperties().stringPropertyNames().forEach(names::add);
        for (var source : ((ConfigurableEnvironment) environment).getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable
                    && !source.getName().startsWith(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)
                    && !source.getName().startsWith(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME)) {
                names.addAll(List.of(enumerable.getPropertyNames()));
            }
        }
        return names;
    }

    private static void addComponents(Set<String> names, String prefix, Class<?> type) {
        if (!type.isRecord()) {
            return;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + component.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
            names.add(name);
            if (component.getType().getPackageName().startsWith("dev.seatbooking")) {
                addComponents(names, name, component.getType());
            }
        }
    }

    /** The environment variables Spring Boot binds to each property: dashes removed, or (its legacy form) made underscores. */
    private static Set<String> environmentNames(Set<String> properties) {
        Set<String> variables = new HashSet<>();
        for (String property : properties) {
            String underscored = property.replace('.', '_').toUpperCase();
            variables.add(underscored.replace("-", ""));
            variables.add(underscored.replace('-', '_'));
        }
        return variables;
    }
}
