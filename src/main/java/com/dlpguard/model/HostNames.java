package com.dlpguard.model;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/**
 * Host names as DNS compares them, for approving FQDN outbound rules. One form for both the
 * configuration and what ARM returns, so spelling cannot make a name look approved or not:
 * lower case, one trailing dot dropped ({@code example.com.} is the same host), internationalized
 * names in their ASCII (punycode) form via IDNA 2003 with STD3 rules, so a full-width or otherwise
 * Unicode-equivalent spelling of an approved name maps to it, while a homoglyph (a Cyrillic "о"
 * in "blob") stays a different {@code xn--} name and is not approved.
 */
public final class HostNames {
    private HostNames() {
    }

    /** The normalized host name, empty when {@code raw} is not one (a port, a path, a wildcard, bad labels). */
    public static Optional<String> normalizeHost(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.trim();
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.isEmpty() || s.contains("*")) {
            return Optional.empty();
        }
        String ascii;
        try {
            ascii = IDN.toASCII(s, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (ascii.isEmpty() || ascii.length() > 253) {
            return Optional.empty();
        }
        for (String label : ascii.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return Optional.empty();
            }
        }
        return Optional.of(ascii);
    }

    /**
     * A host name or a {@code *.}-wildcard, normalized. A wildcard needs at least two labels after
     * {@code *.}: {@code *.net} would approve a whole top-level domain.
     */
    public static Optional<String> normalizePattern(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.trim();
        if (s.startsWith("*.")) {
            return normalizeHost(s.substring(2)).filter(h -> h.contains(".")).map(h -> "*." + h);
        }
        return normalizeHost(s);
    }

    public static boolean isWildcard(String normalizedPattern) {
        return normalizedPattern.startsWith("*.");
    }
}
