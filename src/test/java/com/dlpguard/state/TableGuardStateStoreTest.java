package com.dlpguard.state;

import com.dlpguard.testsupport.AzuriteTable;

/** The contract on Table Storage (Azurite), each test on its own table, the peer on its own client. */
class TableGuardStateStoreTest extends GuardStateStoreContract {

    @Override
    protected GuardStateStore newStore() throws Exception {
        return AzuriteStores.newTable(AzuriteTable.shared());
    }

    @Override
    protected GuardStateStore peerOf(GuardStateStore store) {
        return AzuriteStores.store(AzuriteTable.shared(), ((TableGuardStateStore) store).tableName());
    }
}
