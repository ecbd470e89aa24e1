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

/** The in-memory ARM, remembering every scope read: what a read costs is what these tests hold down. */
final class RecordingGateway implements ArmGateway {
    private final ArmGateway delegate;
    final List<ReadScope> reads = Collections.synchronizedList(new ArrayList<>());
    final List<PlannedWrite> writes = Collections.synchronizedList(new ArrayList<>());

    RecordingGateway(ArmGateway delegate) {
        this.delegate = delegate;
    }

    @Override
    public Estate read(ReadScope scope) throws ArmException {
        reads.add(scope);
        return delegate.read(scope);
    }

    @Override
    public WriteOutcome execute(PlannedWrite write) throws ArmException {
        writes.add(write);
        return delegate.execute(write);
    }

    /** Reads that listed environment versions (two ARM list calls per workspace each). */
    long environmentListings() {
        synchronized (reads) {
            return reads.stream().filter(r -> r instanceof ReadScope.Targeted t && t.environmentVersions()).count();
        }
    }

    void clear() {
        reads.clear();
        writes.clear();
    }
}
