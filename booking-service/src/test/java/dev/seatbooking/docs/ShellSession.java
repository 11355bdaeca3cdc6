package dev.seatbooking.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs documented command blocks one after the other in bash, as a reader pastes them into one
 * terminal: the variables a block sets are there for the next. Each block's output is compared with
 * the output the page prints for it once ids, times and tokens are masked. What the page names and
 * the test must not share with other tests (the demo flight, the user) goes through {@link Alias}es:
 * the page's name in the command becomes the test's, and back in the output.
 */
final class ShellSession {

    /** How long a read whose printed answer comes later (a payment settling) is asked again. */
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private static final Pattern BOOKING_ID = Pattern.compile("\\bBK[0-9A-Z]{8,16}\\b");

    /** What differs from run to run, masked in both the printed and the real output. */
    private static final List<Map.Entry<Pattern, String>> MASKS = List.of(
            Map.entry(Pattern.compile("eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]+"), "<token>"),
            Map.entry(BOOKING_ID, "<booking>"),
            Map.entry(Pattern.compile("\\bpi_[0-9A-Za-z]+"), "<intent>"),
            Map.entry(Pattern.compile("\\bevt_[0-9A-Za-z]+"), "<event>"),
            Map.entry(Pattern.compile("\\bre_[0-9A-Za-z]+"), "<refund>"),
            Map.entry(Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z"), "<time>"));

    private static final Pattern ASSIGNMENT = Pattern.compile("(?m)^\\s*(?:export\\s+)?([A-Za-z_]\\w*)=");
    private static final Pattern WRITES = Pattern.compile("(-X|--request)\\s*(POST|DELETE|PUT|PATCH)|\\s(-d|--data\\S*|-F|--form|-T)\\s");
    /** A command sent to the background and waited for: `... &` at a line's end or before done. */
    private static final Pattern CONCURRENT = Pattern.compile("(?m)[^&]&\\s*(done\\b|$)");
    /** A JSON field's value, for comparing the shape of an answer a read may pass by. */
    private static final Pattern JSON_VALUE = Pattern.compile("(\"[\\w]+\":)(\"[^\"]*\"|[^,}\\]]+)");

    /** A name the page uses and the one this run uses in its place. */
    record Alias(String printed, String real) {
    }

    private final Path directory;
    private final List<Alias> aliases = new ArrayList<>();
    private final Path variables;
    private final List<String> names = new ArrayList<>();

    ShellSession(Path directory, List<Alias> aliases) throws IOException {
        this.directory = directory;
        this.aliases.addAll(aliases);
        this.variables = Files.createTempFile("docs-session", ".sh");
    }

    /** Sets a variable for the blocks to come, as an earlier page of the docs would have. */
    void set(String name, String value) throws IOException {
        Files.writeString(variables, name + "='" + value.replace("'", "'\\''") + "'\n", java.nio.file.StandardOpenOption.APPEND);
        names.add(name);
    }

    /** Runs the blocks in turn, each as {@link #run}, and says how many ran and in what time. */
    void runAll(List<MarkdownCommands.Block> blocks) throws Exception {
        long started = System.nanoTime();
        for (var block : blocks) {
            run(block);
        }
        System.out.printf("%s: %d command blocks run as printed in %.1f s%n", blocks.getFirst().file().getFileName(),
                blocks.size(), (System.nanoTime() - started) / 1e9);
    }

    /** Runs the block and checks what it printed against each output the page shows for it. */
    void run(MarkdownCommands.Block block) throws Exception {
        String command = toReal(block.command());
        Matcher assigned = ASSIGNMENT.matcher(block.command());
        while (assigned.find()) {
            if (!names.contains(assigned.group(1))) {
                names.add(assigned.group(1));
            }
        }
        boolean readOnly = !WRITES.matcher(command).find();
        boolean concurrent = CONCURRENT.matcher(command).find();
        List<String> printed = block.outputs();
        int matched = -1;
        long deadline = System.nanoTime() + SETTLE_NANOS;
        Result result;
        while (true) {
            result = execute(command, printed.isEmpty());
            assertThat(result.status()).as("%s exits 0; it printed %s%s", block.where(), result.out(), result.err())
                    .isZero();
            String real = normalize(toPrinted(result.out()), concurrent);
            for (int i = matched + 1; i < printed.size(); i++) {
                if (normalize(printed.get(i), concurrent).equals(real)) {
                    // An answer passed by (a state that lasted less than a poll) must still have had
                    // the shape the page prints: the same fields in the same order.
                    for (int skipped = matched + 1; skipped < i; skipped++) {
                        assertThat(shape(normalize(printed.get(skipped), concurrent))).as(
                                "%s: the shape of its %d. printed output, passed by", block.where(), skipped + 1)
                                .isEqualTo(shape(real));
                    }
                    matched = i;
                    learnBookingIds(printed.get(i), result.out());
                    break;
                }
            }
            if (printed.isEmpty() || matched == printed.size() - 1) {
                return;
            }
            // A write runs once; a read is asked again while what it prints may still come.
            if (!readOnly || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(250);
        }
        fail("%s printed, masked:%n%s%nbut the page shows (%s):%n%s", block.where(),
                normalize(toPrinted(result.out()), concurrent),
                matched < 0 ? "none of its outputs came" : "the outputs up to the " + (matched + 1) + ". came",
                normalize(printed.get(matched + 1), concurrent));
    }

    private record Result(int status, String out, String err) {
    }

    /**
     * Runs a command in bash after the variables so far. One that shows no output must at least
     * succeed: its curl calls then fail on an HTTP error status, as they would not by themselves.
     */
    private Result execute(String command, boolean failOnHttpErrors) throws Exception {
        // -e: every command of a block must succeed, not only its last; a failing one ends the script
        // with its status. The variables are kept only after a block that succeeded.
        var script = "set -eo pipefail\n. " + variables + "\n"
                + (failOnHttpErrors ? "curl() { command curl --fail-with-body \"$@\"; }\n" : "")
                + command + "\n"
                + (names.isEmpty() ? "" : "declare -p " + String.join(" ", names) + " >" + variables + " 2>/dev/null || true\n");
        Path out = Files.createTempFile("docs-out", ".txt");
        Path err = Files.createTempFile("docs-err", ".txt");
        var builder = new ProcessBuilder("bash", "-c", script).directory(directory.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        // Only what a reader's shell has: nothing of the build's environment leaks into a block.
        builder.environment().keySet().retainAll(Set.of("PATH", "HOME", "LANG", "TERM", "TMPDIR", "JAVA_HOME"));
        var process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail("A documented command ran longer than 60 s: %s", command);
        }
        var result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    /** A booking id the page prints stands for the one this run made, in the commands after it. */
    private void learnBookingIds(String printed, String real) {
        Matcher printedIds = BOOKING_ID.matcher(printed);
        Matcher realIds = BOOKING_ID.matcher(real);
        while (printedIds.find() && realIds.find()) {
            String printedId = printedIds.group();
            if (aliases.stream().noneMatch(alias -> alias.printed().equals(printedId))) {
                aliases.add(new Alias(printedId, realIds.group()));
            }
        }
    }

    private String toReal(String text) {
        for (Alias alias : aliases) {
            text = word(alias.printed()).matcher(text).replaceAll(Matcher.quoteReplacement(alias.real()));
        }
        return text;
    }

    private String toPrinted(String text) {
        for (Alias alias : aliases) {
            text = word(alias.real()).matcher(text).replaceAll(Matcher.quoteReplacement(alias.printed()));
        }
        return text;
    }

    /** The name as a whole word: FL101 is not the start of FL1010. */
    private static Pattern word(String name) {
        return Pattern.compile("(?<![\\w-])" + Pattern.quote(name) + "(?![\\w-])");
    }

    private static String shape(String output) {
        return JSON_VALUE.matcher(output).replaceAll("$1_");
    }

    /**
     * Masks what differs between runs. Concurrent commands print in any order and either buyer may
     * win, so their lines are compared as a sorted list with the buyers' names masked.
     */
    private static String normalize(String output, boolean concurrent) {
        String text = output.strip();
        for (var mask : MASKS) {
            text = mask.getKey().matcher(text).replaceAll(mask.getValue());
        }
        if (!concurrent) {
            return text;
        }
        var lines = new ArrayList<>(List.of(text.replaceAll("(?m)^U\\d+ ", "U? ").split("\n")));
        lines.sort(null);
        return String.join("\n", lines);
    }
}
