package com.dlpguard.app;

import com.dlpguard.arm.ArmGateway;

import java.util.Map;
import java.util.Optional;

/** Builds the live ARM gateway from app settings. */
final class LiveGateways {
    private LiveGateways() {
    }

    static ArmGateway fromEnvironment(Map<String, String> env, Optional<String> managedIdentityClientId) {
        throw new IllegalStateException("the live ARM gateway (arm.azure) is not part of this build yet");
    }
}
