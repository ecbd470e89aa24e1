package com.dlpguard.bench;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.model.Estate;
import com.dlpguard.plan.PlannedWrite;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers a read it has answered before with the same estate until something is written: an ARM
 * that costs nothing, so what is left is the guard's own work (parse, route, dedupe, evaluate,
 * plan, decide, log). Only for the compliant path, where nothing is written.
 */
final class PreReadGateway implements ArmGateway {
    private final ArmGateway delegate;
    private final Map<ReadScope, Estate> answers = new ConcurrentHashMap<>();

    PreReadGateway(ArmGateway delegate) {
        this.delegate = delegate;
    }

    @Override
    public Estate read(ReadScope scope) throws ArmException {
        Estate cached = answers.get(scope);
        if (cached != null) {
            return cached;
        }
        Estate estate = delegate.read(scope);
        answers.put(scope, estate);
        return estate;
    }

    @Override
    public WriteOutcome execute(PlannedWrite write) throws ArmException {
        answers.clear();
        return delegate.execute(write);
    }
}
