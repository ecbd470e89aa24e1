package com.dlpguard.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * IPv4 address ranges as NSG rules and routes write them ({@code 10.0.0.0/8}, {@code 168.63.129.16}),
 * and the rule book's private space (section 2.1): what never counts as egress.
 *
 * <p>Invariant of {@link Range}: {@code first <= last}, both within 0 .. 2^32-1. A prefix with host
 * bits set ({@code 10.1.2.3/8}) names its network, as ARM normalises it. Anything that is not an
 * IPv4 literal (an IPv6 prefix, a service tag) is not parsed here: callers treat it as public,
 * because public is the side on which a guard that cannot map an address must err.
 */
public final class AddressSpace {

    private static final long ALL = (1L << 32) - 1;

    /** An inclusive range of IPv4 addresses as unsigned 32-bit numbers. */
    public record Range(long first, long last) {
        public Range {
            if (first < 0 || last > ALL || first > last) {
                throw new IllegalArgumentException("not an IPv4 range: " + first + ".." + last);
            }
        }

        public boolean contains(Range other) {
            return first <= other.first && other.last <= last;
        }
    }

    /** Rule book 2.1: 10/8, 172.16/12, 192.168/16, 100.64/10 (shared), 127/8, 169.254/16, and Azure's 168.63.129.16. */
    public static final List<Range> PRIVATE = List.of(
            parse("10.0.0.0/8").orElseThrow(), parse("172.16.0.0/12").orElseThrow(),
            parse("192.168.0.0/16").orElseThrow(), parse("100.64.0.0/10").orElseThrow(),
            parse("127.0.0.0/8").orElseThrow(), parse("169.254.0.0/16").orElseThrow(),
            parse("168.63.129.16").orElseThrow());

    public static final Range EVERYTHING = new Range(0, ALL);

    private AddressSpace() {
    }

    /** {@code a.b.c.d} or {@code a.b.c.d/n} (surrounding blanks ignored); empty for anything else. */
    public static Optional<Range> parse(String text) {
        Objects.requireNonNull(text, "text");
        String s = text.trim();
        int slash = s.indexOf('/');
        int bits = 32;
        String address = s;
        if (slash >= 0) {
            String length = s.substring(slash + 1);
            if (length.isEmpty() || length.length() > 2 || !length.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            bits = Integer.parseInt(length);
            if (bits > 32) {
                return Optional.empty();
            }
            address = s.substring(0, slash);
        }
        Optional<Long> value = ipv4(address);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        long size = 1L << (32 - bits);
        long first = value.get() & ~(size - 1) & ALL;
        return Optional.of(new Range(first, first + size - 1));
    }

    /** A dotted-quad IPv4 address (four decimal octets 0-255, no leading sign); empty otherwise. */
    public static Optional<Long> ipv4(String text) {
        String[] octets = text.trim().split("\\.", -1);
        if (octets.length != 4) {
            return Optional.empty();
        }
        long value = 0;
        for (String octet : octets) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int n = Integer.parseInt(octet);
            if (n > 255) {
                return Optional.empty();
            }
            value = (value << 8) | n;
        }
        return Optional.of(value);
    }

    /** True for an IPv4 literal wholly inside private space; false for public ranges and anything unparsed. */
    public static boolean isWhollyPrivate(String prefix) {
        return parse(prefix).map(r -> covers(PRIVATE, r)).orElse(false);
    }

    /** True when the union of {@code ranges} contains every address of {@code target}. */
    public static boolean covers(List<Range> ranges, Range target) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(Range::first));
        long next = target.first();
        for (Range r : sorted) {
            if (r.last() < next) {
                continue;
            }
            if (r.first() > next) {
                return false; // a gap at `next`
            }
            next = r.last() + 1;
            if (next > target.last()) {
                return true;
            }
        }
        return next > target.last();
    }
}
