package com.dlpguard.bench;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.model.Estate;
import com.dlpguard.plan.PlannedWrite;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts gateway reads and writes. Over the in-memory ARM this is the only cost there is to
 * count; over the emulator the request log counts the HTTP requests themselves.
 */
final class CountingGateway implements ArmGateway {
    private final ArmGateway delegate;
    final AtomicLong reads = new AtomicLong();
    final AtomicLong writes = new AtomicLong();

    CountingGateway(ArmGateway delegate) {
        this.delegate = delegate;
    }

    @Override
    public Estate read(ReadScope scope) throws ArmException {
        reads.incrementAndGet();
        return delegate.read(scope);
    }

    @Override
    public Listing readListing(ReadScope.Subscription scope) throws ArmException {
        reads.incrementAndGet();
        return delegate.readListing(scope);
    }

    @Override
    public WriteOutcome execute(PlannedWrite write) throws ArmException {
        writes.incrementAndGet();
        return delegate.execute(write);
    }
}
