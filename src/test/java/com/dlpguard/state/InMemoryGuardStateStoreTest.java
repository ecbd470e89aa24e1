package com.dlpguard.state;

/** The contract on one instance's memory (its only peer is itself). */
class InMemoryGuardStateStoreTest extends GuardStateStoreContract {

    @Override
    protected GuardStateStore newStore() {
        return new InMemoryGuardStateStore();
    }

    @Override
    protected GuardStateStore peerOf(GuardStateStore store) {
        return store;
    }
}
