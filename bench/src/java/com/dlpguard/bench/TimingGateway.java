package com.dlpguard.bench;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.model.Estate;
import com.dlpguard.plan.PlannedWrite;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Records how long each gateway call of a cold invocation took, for the phase breakdown. */
final class TimingGateway implements ArmGateway {
    record Call(String what, double ms) {
    }

    private final ArmGateway delegate;
    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

    TimingGateway(ArmGateway delegate) {
        this.delegate = delegate;
    }

    @Override
    public Estate read(ReadScope scope) throws ArmException {
        long t = System.nanoTime();
        try {
            return delegate.read(scope);
        } finally {
            calls.add(new Call("read", (System.nanoTime() - t) / 1e6));
        }
    }

    @Override
    public Listing readListing(ReadScope.Subscription scope) throws ArmException {
        long t = System.nanoTime();
        try {
            return delegate.readListing(scope);
        } finally {
            calls.add(new Call("read", (System.nanoTime() - t) / 1e6));
        }
    }

    @Override
    public WriteOutcome execute(PlannedWrite write) throws ArmException {
        long t = System.nanoTime();
        try {
            return delegate.execute(write);
        } finally {
            calls.add(new Call("write", (System.nanoTime() - t) / 1e6));
        }
    }
}
