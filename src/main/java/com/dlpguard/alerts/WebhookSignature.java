package com.dlpguard.alerts;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Webhook signing: {@code X-DlpGuard-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}
 * with {@code X-DlpGuard-Timestamp: <epoch seconds>}. Signing the timestamp with the body lets a
 * receiver reject a replayed request: an old timestamp fails the freshness check, a new one
 * fails the signature. The same scheme as Stripe's and Slack's, so receivers know it.
 */
public final class WebhookSignature {
    public static final String SIGNATURE_HEADER = "X-DlpGuard-Signature";
    public static final String TIMESTAMP_HEADER = "X-DlpGuard-Timestamp";
    public static final String PREFIX = "sha256=";
    /** What receivers should accept; the sender's retries all finish well within it. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    public enum Verification {
        VALID, MALFORMED, STALE, MISMATCH;

        public boolean isValid() {
            return this == VALID;
        }
    }

    private WebhookSignature() {
    }

    /** The {@value #SIGNATURE_HEADER} value for {@code body} sent at {@code epochSeconds}. */
    public static String sign(Secret secret, long epochSeconds, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac(secret, epochSeconds, body));
    }

    /**
     * The receiver's check: the timestamp is a number within {@code tolerance} of {@code now} (both
     * directions: clocks drift) and the signature matches, compared in constant time.
     */
    public static Verification verify(Secret secret, String timestampHeader, String signatureHeader, byte[] body,
                                      Instant now, Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null || !timestampHeader.matches("[0-9]{1,12}")) {
            return Verification.MALFORMED;
        }
        String hex = signatureHeader.trim();
        if (!hex.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Verification.MALFORMED;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(hex.substring(PREFIX.length()).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Verification.MALFORMED;
        }
        long timestamp = Long.parseLong(timestampHeader);
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            return Verification.STALE;
        }
        return MessageDigest.isEqual(presented, mac(secret, timestamp, body)) ? Verification.VALID : Verification.MISMATCH;
    }

    private static byte[] mac(Secret secret, long epochSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.revealBytes(), "HmacSHA256"));
            mac.update((epochSeconds + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            // Never include the key or its spec in the message.
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
