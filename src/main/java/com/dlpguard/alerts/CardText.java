package com.dlpguard.alerts;

/**
 * Makes a user-controlled string inert in an Adaptive Card TextBlock (a Markdown subset) and in
 * the card's plain-text {@code fallbackText}. An attacker who can name a resource, or word an
 * event, must not put a phishing link, a list, bold text or a localised
 * <code>&#123;&#123;DATE(...)&#125;&#125;</code> into the card people trust.
 *
 * <p>Why not backslash-escape every punctuation mark: several Teams clients do not process
 * Markdown escapes and show {@code a3c1f7d2\-5b6e…}. So a backslash goes only where Markdown
 * would act on this text (its whole text is one line: control characters become spaces, so only
 * the start of a value can open a block), and links are broken without backslashes:
 * <ul>
 * <li>a {@link #WORD_JOINER} (U+2060: zero width, no line break, drawn as nothing) after a dot
 *     followed by a letter ({@code evil.⁠example}, {@code contoso.⁠com}) and between {@code //}
 *     and before a scheme's colon ({@code https⁠:/⁠/}): auto-linkers need a known top-level
 *     domain right after the dot or a scheme right before {@code ://}, so no client turns a bare
 *     URL or a host-like name into a live link (checked with markdown-it's linkify in the real
 *     renderer by tools/cards). Dotted numbers (IP addresses, {@code 10.0.0.0/16}) stay as they
 *     are: no auto-linker links a bare IP;</li>
 * <li>the same joiner between {@code ](} (an inline link or image needs them adjacent) and
 *     between two braces (a date function needs <code>&#123;&#123;</code>);</li>
 * <li>a backslash only before {@code *}, {@code `}, {@code ~}, {@code <}, an {@code _} that is
 *     not inside a word, an {@code &} that starts an entity, a backslash before punctuation, and
 *     a list, heading or quote marker at the very start.</li>
 * </ul>
 * Bidirectional-override characters are dropped everywhere (they can make a name read
 * backwards); the fallback text gets the same treatment minus the backslashes (it is plain text).
 */
public final class CardText {
    /** U+2060 WORD JOINER: invisible and unbreakable; breaks auto-links and Markdown pairs without a visible mark. */
    public static final char WORD_JOINER = '\u2060';

    /** Default cap per value (before escaping, so an escape pair is never split). The card also has a total budget. */
    public static final int MAX_LENGTH = 1_000;

    private CardText() {
    }

    /** For a TextBlock: sanitised, links broken, Markdown escaped where it would act; cut at {@link #MAX_LENGTH}. */
    public static String escape(String raw) {
        return markdown(raw, MAX_LENGTH);
    }

    public static String markdown(String raw, int max) {
        return escapeMarkdown(inertLinks(sanitize(truncate(raw, max))));
    }

    /** For the plain-text fallback: sanitised and links broken, no Markdown escapes. */
    public static String plain(String raw, int max) {
        return inertLinks(sanitize(truncate(raw, max)));
    }

    /** Control characters and line/paragraph separators become a space (one line); bidi controls are dropped. */
    static String sanitize(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isBidiControl(c)) {
                continue;
            }
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        }
        return out.toString();
    }

    static String inertLinks(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char prev = i > 0 ? text.charAt(i - 1) : ' ';
            char next = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
            // A scheme (https:, mailto:, javascript:) is letters right before a colon that is followed by text.
            if (c == ':' && Character.isLetter(prev) && !Character.isWhitespace(next)) {
                out.append(WORD_JOINER);
            }
            out.append(c);
            boolean joinerAfter = c == '.' && Character.isLetterOrDigit(prev) && Character.isLetter(next)
                    || c == '/' && next == '/'
                    || c == ']' && next == '('
                    || c == '{' && next == '{'
                    || c == '}' && next == '}';
            if (joinerAfter) {
                out.append(WORD_JOINER);
            }
        }
        return out.toString();
    }

    static String escapeMarkdown(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        int start = 0;
        while (start < text.length() && text.charAt(start) == ' ') {
            start++; // four leading spaces would make a code block
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            char prev = i > start ? text.charAt(i - 1) : ' ';
            char next = i + 1 < text.length() ? text.charAt(i + 1) : ' ';
            boolean escape = switch (c) {
                case '*', '`', '~', '<' -> true;
                // Intraword underscores never emphasise (CommonMark 6.2), so ml_network_rg stays as it is.
                case '_' -> !(Character.isLetterOrDigit(prev) && Character.isLetterOrDigit(next));
                case '\\' -> isAsciiPunctuation(next);
                case '&' -> startsEntity(text, i);
                case '#', '>', '[' -> i == start;
                case '-', '+' -> i == start && next == ' ';
                case '.', ')' -> isListNumber(text, start, i) && next == ' ';
                default -> false;
            };
            if (escape) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** {@code 12.} or {@code 3)} at the start: an ordered-list marker when a space follows. */
    private static boolean isListNumber(String text, int start, int i) {
        if (i == start || i - start > 9) {
            return false;
        }
        for (int k = start; k < i; k++) {
            if (text.charAt(k) < '0' || text.charAt(k) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean startsEntity(String text, int i) {
        int k = i + 1;
        while (k < text.length() && k - i <= 32 && (Character.isLetterOrDigit(text.charAt(k)) || text.charAt(k) == '#')) {
            k++;
        }
        return k > i + 1 && k < text.length() && text.charAt(k) == ';';
    }

    private static boolean isAsciiPunctuation(char c) {
        return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~';
    }

    static String truncate(String raw, int max) {
        if (raw.length() <= max) {
            return raw;
        }
        int cut = Character.isHighSurrogate(raw.charAt(max - 1)) ? max - 1 : max;
        return raw.substring(0, cut) + "… (" + raw.length() + " characters)";
    }

    private static boolean isBidiControl(char c) {
        return c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069' || c == '\u200E' || c == '\u200F'
                || c == '\u061C';
    }
}
