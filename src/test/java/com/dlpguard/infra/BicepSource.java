package com.dlpguard.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough of a Bicep file's text for the cross-checks: top-level parameters, a variable that
 * is an array of string literals (one per line), the keys of a variable that is an object. The
 * Bicep CLI cannot run offline; tree-sitter (BicepSyntaxTest) proves the files parse, this reads
 * the few declarations the code must agree with. It fails loudly rather than guess.
 */
final class BicepSource {
    private static final Pattern PARAM = Pattern.compile("^param\\s+(\\w+)\\s+([\\w\\[\\]]+)(\\s*=.*)?$");
    private static final Pattern STRING_ITEM = Pattern.compile("^'((?:[^'\\\\]|\\\\.)*)'$");
    private static final Pattern KEY = Pattern.compile("^'?([A-Za-z_][\\w.-]*)'?\\s*:");

    final Path path;
    final String text;
    private final List<String> lines;

    private BicepSource(Path path, String text) {
        this.path = path;
        this.text = text;
        this.lines = text.lines().toList();
    }

    static BicepSource read(Path path) {
        try {
            return new BicepSource(path, Files.readString(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Top-level parameters, name to "has a default value". */
    Map<String, Boolean> params() {
        Map<String, Boolean> params = new LinkedHashMap<>();
        for (String line : lines) {
            Matcher m = PARAM.matcher(line.strip());
            if (m.matches() && !line.startsWith(" ")) {
                params.put(m.group(1), m.group(3) != null);
            }
        }
        return params;
    }

    /** The string literals of {@code var name = [ ... ]}, one literal per line, comments skipped. */
    List<String> stringArrayVar(String name) {
        int start = declarationLine("var " + name + " = [");
        List<String> values = new ArrayList<>();
        for (int i = start + 1; i < lines.size(); i++) {
            String line = stripComment(lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.equals("]")) {
                return values;
            }
            Matcher m = STRING_ITEM.matcher(line);
            if (!m.matches()) {
                throw new AssertionError(where(i) + ": expected one string literal per line in var " + name + ", got: " + line);
            }
            values.add(m.group(1));
        }
        throw new AssertionError(path + ": var " + name + " is not closed");
    }

    /** The keys of {@code var name = { ... }} at its first level, in order. */
    List<String> objectVarKeys(String name) {
        int start = declarationLine("var " + name + " = {");
        List<String> keys = new ArrayList<>();
        int depth = 1;
        for (int i = start + 1; i < lines.size(); i++) {
            String line = stripComment(lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (depth == 1 && line.equals("}")) {
                return keys;
            }
            if (depth == 1) {
                Matcher m = KEY.matcher(line);
                if (!m.find()) {
                    throw new AssertionError(where(i) + ": expected 'key: value' in var " + name + ", got: " + line);
                }
                keys.add(m.group(1));
            }
            depth += count(line, '{') + count(line, '[') - count(line, '}') - count(line, ']');
        }
        throw new AssertionError(path + ": var " + name + " is not closed");
    }

    /** The value text of {@code key:} inside {@code var name = { ... }} (first level, one line). */
    String objectVarValue(String name, String key) {
        int start = declarationLine("var " + name + " = {");
        Pattern entry = Pattern.compile("^'?" + Pattern.quote(key) + "'?\\s*:\\s*(.+)$");
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.equals("}")) {
                break;
            }
            Matcher m = entry.matcher(line);
            if (m.matches()) {
                return m.group(1);
            }
        }
        throw new AssertionError(path + ": no key " + key + " in var " + name);
    }

    private int declarationLine(String declaration) {
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(declaration)) {
                if (found >= 0) {
                    throw new AssertionError(path + ": '" + declaration + "' declared twice");
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new AssertionError(path + ": no line '" + declaration + "'");
        }
        return found;
    }

    private String where(int index) {
        return path + ":" + (index + 1);
    }

    // Bicep line comments; a '//' inside a string literal (a URL) is not one.
    private static String stripComment(String line) {
        boolean inString = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                inString = !inString;
            } else if (!inString && c == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                return line.substring(0, i);
            }
        }
        return line;
    }

    private static int count(String line, char c) {
        int n = 0;
        boolean inString = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\'') {
                inString = !inString;
            } else if (!inString && ch == c) {
                n++;
            }
        }
        return n;
    }
}
