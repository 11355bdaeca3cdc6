package dev.seatbooking.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fenced command blocks of the project's Markdown pages (README.md and docs/*.md), each with the
 * output blocks printed right after it and the {@code <!-- not run: reason -->} comment, if any,
 * right before it, and the heading (## or ###) it is under. A command block is one fenced as {@code bash} or {@code sh}; an output block is
 * any other fence that follows it with nothing in between.
 */
record MarkdownCommands(List<Block> blocks) {

    private static final Pattern NOT_RUN = Pattern.compile("<!--\\s*not run:\\s*(.*?)\\s*-->");
    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}```\\s*([\\w-]*)\\s*$");

    /** One command block: where it is, its text, the outputs shown for it, and why it is not run. */
    record Block(Path file, int line, String heading, String command, List<String> outputs, String notRunBecause) {

        String where() {
            return file.getFileName() + ":" + line;
        }
    }

    /** README.md and every page under docs/ of the repository at root. */
    static MarkdownCommands of(Path root) {
        var pages = new ArrayList<Path>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var blocks = new ArrayList<Block>();
        for (Path page : pages) {
            blocks.addAll(read(page));
        }
        return new MarkdownCommands(blocks);
    }

    static List<Block> read(Path page) {
        List<String> lines;
        try {
            lines = Files.readAllLines(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var blocks = new ArrayList<Block>();
        String heading = "";
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.startsWith("## ") || line.startsWith("### ")) {
                heading = line.substring(line.indexOf(' ') + 1).trim();
            }
            Matcher fence = FENCE.matcher(line);
            if (!fence.matches() || !isCommand(fence.group(1))) {
                i++;
                continue;
            }
            int start = i;
            int end = closing(lines, i);
            String command = String.join("\n", lines.subList(start + 1, end)).stripIndent();
            var outputs = new ArrayList<String>();
            i = end + 1;
            while (i < lines.size() && FENCE.matcher(lines.get(i)).matches()
                    && !isCommand(FENCE.matcher(lines.get(i)).replaceAll("$1"))) {
                int outputEnd = closing(lines, i);
                outputs.add(String.join("\n", lines.subList(i + 1, outputEnd)).stripIndent());
                i = outputEnd + 1;
            }
            blocks.add(new Block(page, start + 1, heading, command, outputs, notRunBecause(lines, start)));
        }
        return blocks;
    }

    private static boolean isCommand(String language) {
        return language.equals("bash") || language.equals("sh");
    }

    private static int closing(List<String> lines, int open) {
        for (int i = open + 1; i < lines.size(); i++) {
            if (lines.get(i).trim().equals("```")) {
                return i;
            }
        }
        throw new IllegalStateException("A fence opened at line " + (open + 1) + " is never closed");
    }

    /** The reason in a {@code <!-- not run: ... -->} comment on the lines just before the block. */
    private static String notRunBecause(List<String> lines, int fence) {
        for (int i = fence - 1; i >= 0 && i >= fence - 3; i--) {
            Matcher matcher = NOT_RUN.matcher(lines.get(i));
            if (matcher.find()) {
                return matcher.group(1);
            }
            if (lines.get(i).trim().startsWith("```")) {
                break;
            }
        }
        return null;
    }
}
