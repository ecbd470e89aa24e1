package com.dlpguard.arm;

import com.dlpguard.model.Estate;
import com.dlpguard.plan.PlannedWrite;

/**
 * The guard's only door to Azure Resource Manager. Implementations: {@code arm.azure} (the real
 * azure-resourcemanager client) and {@code arm.memory} (an in-memory estate for the CLI's replay,
 * tests and benchmarks).
 */
public interface ArmGateway {

    /**
     * Reads the scope. A resource ARM refuses to show (403 and other terminal refusals) is listed in
     * {@link Estate#readFailures()}, so rules answer unknown for it. A read still failing transiently
     * after the configured retries throws a transient {@link ArmException} instead: a brief outage
     * must not turn violations into unknowns; the trigger retries (Event Grid redelivers).
     */
    Estate read(ReadScope scope) throws ArmException;

    /** A listing's estate and the list pages it took ARM to answer, when the gateway counts them. */
    record Listing(Estate estate, java.util.OptionalInt pages) {
        public Listing {
            java.util.Objects.requireNonNull(estate, "estate");
            java.util.Objects.requireNonNull(pages, "pages");
        }
    }

    /**
     * {@link #read} of a listing, with what it cost: with an interest the estate holds only part of
     * what was listed, so its size no longer tells how many pages the next listing will take.
     */
    default Listing readListing(ReadScope.Subscription scope) throws ArmException {
        return new Listing(read(scope), java.util.OptionalInt.empty());
    }

    /**
     * Executes one planned write safely: re-reads the target and refuses when its etag differs
     * from the plan's If-Match ({@code PRECONDITION_FAILED}), sends If-Match, waits for the
     * long-running operation. Never throws for ARM refusals: they are outcomes.
     */
    WriteOutcome execute(PlannedWrite write) throws ArmException;
}
