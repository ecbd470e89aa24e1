package com.dlpguard.arm.emulator;

/** An ARM error answer ({@code {"error":{"code","message"}}}) raised while serving a request. */
final class ArmError extends RuntimeException {
    final int status;
    final String code;

    ArmError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }
}
