package com.dlpguard.rules;

import com.dlpguard.model.SecurityRule.Direction;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A question put to an NSG: is traffic between the protected subnet and {@code remoteTag}, in
 * {@code direction}, on {@code protocol} to destination port {@code port}, allowed?
 *
 * <p>The remote side is always a service tag ({@code Storage.westeurope}, {@code AzureMachineLearning},
 * {@code Internet}); the local side is the protected subnet. For an outbound probe the remote side
 * is the rule's destination, for an inbound probe its source. A regional tag's region is its suffix
 * after the first dot ({@code Storage.westeurope} → {@code westeurope}); a tag without one is the
 * global form, which for DLP010's {@code Storage} stands for other regions' accounts.
 */
public record TrafficProbe(Direction direction, Protocol protocol, int port, String remoteTag) {

    /** The protocols a probe can ask about; a rule's {@code *} matches every one. */
    public enum Protocol {
        TCP("Tcp"), UDP("Udp");

        private final String armName;

        Protocol(String armName) {
            this.armName = armName;
        }

        /** The spelling ARM uses in a security rule's {@code protocol}. */
        public String armName() {
            return armName;
        }
    }

    public TrafficProbe {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(remoteTag, "remoteTag");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (remoteTag.isBlank() || remoteTag.contains("/") || remoteTag.equals("*")) {
            throw new IllegalArgumentException("remote side must be a service tag, got '" + remoteTag + "'");
        }
    }

    public static TrafficProbe outboundTcp(int port, String tag) {
        return new TrafficProbe(Direction.OUTBOUND, Protocol.TCP, port, tag);
    }

    /** The tag without its region: {@code Storage} for {@code Storage.westeurope}; the tag itself when global. */
    public String globalTag() {
        int dot = remoteTag.indexOf('.');
        return dot < 0 ? remoteTag : remoteTag.substring(0, dot);
    }

    /** The region suffix of a regional tag, lower-case; empty for a global tag. */
    public Optional<String> region() {
        int dot = remoteTag.indexOf('.');
        return dot < 0 ? Optional.empty() : Optional.of(remoteTag.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** "TCP 443 to Storage.westeurope" / "TCP 443 from BatchNodeManagement", for messages. */
    public String describe() {
        return protocol.name() + " " + port + (direction == Direction.OUTBOUND ? " to " : " from ") + remoteTag;
    }
}
