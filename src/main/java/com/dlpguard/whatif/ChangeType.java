package com.dlpguard.whatif;

import java.util.Arrays;
import java.util.Optional;

/**
 * The what-if operation's {@code changeType}, spelled as ARM spells it. What each one means for
 * the predicted state is decided in {@link Predictor}, not here.
 */
public enum ChangeType {
    CREATE("Create"),
    DELETE("Delete"),
    IGNORE("Ignore"),
    DEPLOY("Deploy"),
    NO_CHANGE("NoChange"),
    MODIFY("Modify"),
    UNSUPPORTED("Unsupported");

    private final String wireName;

    ChangeType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Exact ARM spelling only: a value the guard does not know is not something it may guess at. */
    public static Optional<ChangeType> parse(String s) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(s)).findFirst();
    }

    /** The deployment writes the resource: the what-if's {@code after} is its predicted state. */
    public boolean writes() {
        return this == CREATE || this == MODIFY || this == DEPLOY;
    }
}
