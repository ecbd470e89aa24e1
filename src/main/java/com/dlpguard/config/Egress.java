package com.dlpguard.config;

import java.util.Objects;

/**
 * How a workspace's compute reaches the internet, as declared in the configuration (rule book
 * section 2, {@code egress}). The case is never inferred from the route table: one route to an
 * appliance of an insider's choosing would otherwise switch the NSG rules (DLP006-DLP011) off.
 */
public sealed interface Egress {

    /** The default: the subnet's NSG locks egress; no route may send public space to an appliance (DLP014). */
    record Nsg() implements Egress {
        @Override
        public String describe() {
            return "NSG case (egress.mode nsg)";
        }
    }

    /** Egress goes through the firewall at {@code nextHopIpAddress} (its private IP, validated by the loader). */
    record Firewall(String nextHopIpAddress) implements Egress {
        public Firewall {
            Objects.requireNonNull(nextHopIpAddress, "nextHopIpAddress");
        }

        @Override
        public String describe() {
            return "firewall case (egress.mode firewall, next hop " + nextHopIpAddress + ")";
        }
    }

    Egress NSG = new Nsg();

    /** "NSG case (egress.mode nsg)", for messages. */
    String describe();

    default boolean isFirewall() {
        return this instanceof Firewall;
    }
}
