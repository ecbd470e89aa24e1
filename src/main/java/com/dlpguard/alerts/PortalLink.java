package com.dlpguard.alerts;

import com.dlpguard.model.ResourceId;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A deep link to a resource in the Azure portal: {@code <portal>/#@/resource<id>}. The portal
 * host differs per cloud (public {@code https://portal.azure.com}, US Gov
 * {@code https://portal.azure.us}, China {@code https://portal.azure.cn}), hence a parameter.
 */
public final class PortalLink {
    public static final URI PUBLIC_CLOUD = URI.create("https://portal.azure.com");

    // RFC 3986 fragment characters minus '%' and '#': anything else in a resource name is percent-encoded
    // so the link cannot be bent into another URL.
    private static final String FRAGMENT_SAFE = "-._~!$&'()*+,;=:@/";

    private PortalLink() {
    }

    public static String of(URI portal, ResourceId resource) {
        String base = portal.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/#@/resource" + encode(resource.toString());
    }

    /** Checks a configured portal base: https, a host, nothing after it but an optional slash. */
    public static URI validate(URI portal) {
        if (!"https".equals(portal.getScheme()) || portal.getHost() == null || portal.getRawQuery() != null
                || portal.getRawFragment() != null || portal.getRawUserInfo() != null
                || !(portal.getRawPath() == null || portal.getRawPath().isEmpty() || portal.getRawPath().equals("/"))) {
            throw new IllegalArgumentException("the portal URL must be https://<host> with nothing after the host");
        }
        return portal;
    }

    static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c < 0x80 && FRAGMENT_SAFE.indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }
}
