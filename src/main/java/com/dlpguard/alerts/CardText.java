package com.dlpguard.alerts;

/**
 * Makes a user-controlled string inert in an Adaptive Card TextBlock or Fact, whose text is a
 * CommonMark subset. A resource name, a message or a UPN must never turn into a link, a list,
 * bold text, or a localised <code>&#123;&#123;DATE(...)&#125;&#125;</code> — an attacker who can name a resource could
 * otherwise put a phishing link in the card people trust.
 *
 * <p>Rules: line breaks and other control characters become a space (a value cannot start a new
 * block); bidirectional-override characters are dropped (they can make a name read backwards);
 * every character CommonMark gives a meaning to in the supported subset, plus braces and
 * <code>&lt; &amp; | ~</code>, is backslash-escaped (CommonMark: a backslash before ASCII
 * punctuation yields the literal character), so two opening braces can no longer open a date function; a leading number followed by
 * {@code .} gets its dot escaped so it cannot start an ordered list.
 */
public final class CardText {
    private static final String SPECIAL = "\\*_[]()#`><-+!{}&|~";

    /** Long values are cut (before escaping, so an escape pair is never split); Teams rejects messages over ~28 KB. */
    public static final int MAX_LENGTH = 1_000;

    private CardText() {
    }

    public static String escape(String raw) {
        String text = truncate(raw, MAX_LENGTH);
        StringBuilder out = new StringBuilder(text.length() + 16);
        boolean leadingDigits = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isBidiControl(c)) {
                continue;
            }
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(' ');
                leadingDigits = false;
                continue;
            }
            if (SPECIAL.indexOf(c) >= 0 || c == '.' && leadingDigits && i > 0) {
                out.append('\\');
            }
            out.append(c);
            leadingDigits = leadingDigits && c >= '0' && c <= '9';
        }
        return out.toString();
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
