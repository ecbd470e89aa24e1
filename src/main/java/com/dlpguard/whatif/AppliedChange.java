package com.dlpguard.whatif;

import java.util.Locale;
import java.util.Objects;

/** What one change did to the predicted state, for the report. */
public record AppliedChange(WhatIfChange change, Effect effect, String detail) {

    public enum Effect {
        /** Its {@code after} replaced the resource (and the children it lists replaced the old ones). */
        APPLIED,
        /** The resource and everything under it left the predicted state. */
        REMOVED,
        /** NoChange / Ignore: the resource stays as it is now. */
        KEPT,
        /** A type no rule reads (a storage account, a role assignment): it cannot change a finding. */
        NOT_READ_BY_RULES,
        /** ARM could not predict it: what it touches is unknown. */
        UNPREDICTABLE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public AppliedChange {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(detail, "detail");
    }

    /** The change altered (or made unknown) something the rules read: it can introduce a finding. */
    public boolean affectsRules() {
        return effect == Effect.APPLIED || effect == Effect.REMOVED || effect == Effect.UNPREDICTABLE;
    }
}
