package com.dlpguard.state;

import com.azure.core.exception.AzureException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.rest.Response;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableClientBuilder;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableServiceException;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.dlpguard.json.Json;
import com.dlpguard.model.ResourceId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * {@link GuardStateStore} on Azure Table Storage (the function app's own storage account), shared
 * by every instance of the guard.
 *
 * <h2>Layout</h2>
 * One table, small entities, every one with {@code ExpiresAt} (Edm.DateTime) so
 * {@link #purgeExpired} can find what is stale with one filtered query. Keys are SHA-256 hex of
 * the normalised subject, because ARM ids contain {@code /}, which PartitionKey/RowKey forbid, and
 * event ids / alert keys are caller-chosen strings:
 * <table>
 *   <tr><th>record</th><th>PartitionKey</th><th>RowKey</th><th>properties</th></tr>
 *   <tr><td>processed event</td><td>{@code evt-} + first 2 hex of h(event id)</td><td>{@code evt-} + h(event id)</td><td></td></tr>
 *   <tr><td>write claim</td><td>{@code res-} + h(resource key)</td><td>{@code wrt-} + h(observed etag)</td><td></td></tr>
 *   <tr><td>rollback history</td><td>{@code res-} + h(resource key)</td><td>{@code rbk}</td><td>{@code Times}: JSON array of epoch millis; {@code Actors}: who made each change undone, same order</td></tr>
 *   <tr><td>alert sent</td><td>{@code key-} + first 2 hex of h(alert key)</td><td>{@code alr-} + h(alert key)</td><td>{@code Value}: state fingerprint</td></tr>
 *   <tr><td>finding status</td><td>{@code key-} + first 2 hex of h(finding key)</td><td>{@code fnd-} + h(finding key)</td><td>{@code Value}: status</td></tr>
 *   <tr><td>sweep cursor</td><td>{@code swp}</td><td>{@code swp-} + h(sweep id)</td><td>{@code Value}: cursor</td></tr>
 * </table>
 * Every entity also has {@code Kind} and {@code Subject} (the readable key, cut to 256 chars) so an
 * operator browsing the table can tell what a row is about. A resource's write claims and rollback
 * history share its partition; everything else is spread over 256 partitions: all access is by
 * point key, so partitions only need to spread load.
 *
 * <h2>Concurrency</h2>
 * Claims are a conditional insert; on 409 the row is read and, if it is expired or holds another
 * fingerprint, replaced with {@code If-Match: <its ETag>}; 412 means another instance changed it
 * first, so the row is read and judged again. Read-modify-write records (rollback history, finding
 * status) loop the same way. These loops are optimistic concurrency, not HTTP retries (azure-core's
 * retry policy handles those): each round at least one contender succeeds, so
 * {@value #MAX_ATTEMPTS} rounds are more than the guard's concurrency can use.
 *
 * <h2>Failures</h2>
 * Network errors, timeouts, 5xx, 401/403 and any other unexpected service answer become
 * {@link StateUnavailableException} whose message names the operation and the HTTP status only
 * (never a connection string or key). A missing table is created once and the operation retried,
 * so local development needs no setup; in Azure the infrastructure creates it.
 */
public final class TableGuardStateStore implements GuardStateStore {

    static final int MAX_ATTEMPTS = 32;
    private static final int SUBJECT_MAX_CHARS = 256;

    private static final String PK = "PartitionKey";
    private static final String RK = "RowKey";
    private static final String KIND = "Kind";
    private static final String SUBJECT = "Subject";
    private static final String EXPIRES_AT = "ExpiresAt";
    private static final String VALUE = "Value";
    private static final String TIMES = "Times";
    private static final String ACTORS = "Actors";

    private enum Kind {
        EVENT("evt"), WRITE("wrt"), ROLLBACKS("rbk"), ALERT("alr"), FINDING("fnd"), SWEEP("swp");

        final String tag;

        Kind(String tag) {
            this.tag = tag;
        }
    }

    /** Where one record lives. */
    private record Address(String partitionKey, String rowKey, Kind kind, String subject) {
    }

    private final TableClient table;

    /** Uses {@code table} as given (tests pass clients built on Azurite's connection string). */
    public TableGuardStateStore(TableClient table) {
        this.table = table;
    }

    /**
     * Builds the client from settings: managed identity against the endpoint in Azure, the
     * connection string for Azurite / local development. Building does no I/O.
     */
    public static TableGuardStateStore connect(StateSettings settings) {
        return new TableGuardStateStore(clientBuilder(settings).buildClient());
    }

    /** The configured client builder (tests add pipeline policies to it before building). */
    static TableClientBuilder clientBuilder(StateSettings settings) {
        if (!settings.isShared()) {
            throw new IllegalArgumentException("no shared state store configured: set " + StateSettings.TABLE_ENDPOINT
                    + " (or " + StateSettings.CONNECTION_STRING + " for Azurite)");
        }
        TableClientBuilder builder = new TableClientBuilder()
                .tableName(settings.tableName())
                .httpClient(httpClient())
                .addPolicy(new XmlErrorBodyPolicy())
                .retryOptions(new RetryOptions(new ExponentialBackoffOptions()
                        .setMaxRetries(2)
                        .setBaseDelay(Duration.ofMillis(100))
                        .setMaxDelay(Duration.ofSeconds(1))));
        if (settings.connectionString().isPresent()) {
            try {
                builder.connectionString(settings.connectionString().get());
            } catch (RuntimeException e) {
                // The SDK's message can quote the connection string, key included: do not chain it.
                throw new IllegalArgumentException(StateSettings.CONNECTION_STRING
                        + " is not a valid storage connection string (" + e.getClass().getSimpleName() + ")");
            }
        } else {
            DefaultAzureCredentialBuilder credential = new DefaultAzureCredentialBuilder();
            settings.managedIdentityClientId().ifPresent(credential::managedIdentityClientId);
            builder.endpoint(settings.endpoint().orElseThrow()).credential(credential.build());
        }
        return builder;
    }

    /**
     * A guard waiting on a dead endpoint delays the rollback it exists for: fail fast and let
     * {@link FallbackGuardStateStore} carry on in memory (azure-core's defaults allow 10 s to connect and 60 s per response).
     */
    static HttpClient httpClient() {
        return new JdkHttpClientBuilder()
                .connectionTimeout(Duration.ofSeconds(3))
                .responseTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5))
                .build();
    }

    public String tableName() {
        return table.getTableName();
    }

    // ---------------------------------------------------------------- operations

    @Override
    public boolean markEventProcessed(String eventId, Instant now, Duration ttl) throws StateUnavailableException {
        StateArgs.key("eventId", eventId);
        StateArgs.nonNegative("ttl", ttl);
        String h = hash(eventId);
        Address at = new Address(Kind.EVENT.tag + "-" + h.substring(0, 2), Kind.EVENT.tag + "-" + h, Kind.EVENT, eventId);
        return run("markEventProcessed", () -> claim(at, "", now, ttl));
    }

    @Override
    public void releaseEvent(String eventId, Instant now) throws StateUnavailableException {
        StateArgs.key("eventId", eventId);
        String h = hash(eventId);
        Address at = new Address(Kind.EVENT.tag + "-" + h.substring(0, 2), Kind.EVENT.tag + "-" + h, Kind.EVENT, eventId);
        run("releaseEvent", () -> read(at).map(this::deleteIfUnchanged).orElse(false));
    }

    @Override
    public boolean claimWrite(ResourceId target, String observedEtag, Instant now, Duration ttl) throws StateUnavailableException {
        StateArgs.key("observedEtag", observedEtag);
        StateArgs.nonNegative("ttl", ttl);
        Address at = new Address(resourcePartition(target), Kind.WRITE.tag + "-" + hash(observedEtag), Kind.WRITE,
                target + " @ " + observedEtag);
        return run("claimWrite", () -> claim(at, "", now, ttl));
    }

    @Override
    public void releaseWrite(ResourceId target, String observedEtag, Instant now) throws StateUnavailableException {
        StateArgs.key("observedEtag", observedEtag);
        Address at = new Address(resourcePartition(target), Kind.WRITE.tag + "-" + hash(observedEtag), Kind.WRITE,
                target + " @ " + observedEtag);
        run("releaseWrite", () -> read(at).map(this::deleteIfUnchanged).orElse(false));
    }

    @Override
    public List<RollbackEntry> recordRollback(ResourceId resource, Instant now, Duration window, String actor)
            throws StateUnavailableException {
        StateArgs.nonNegative("window", window);
        Objects.requireNonNull(actor, "actor");
        Address at = rollbacks(resource);
        return run("recordRollback", () -> {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Optional<TableEntity> existing = read(at);
                List<RollbackEntry> entries = RollbackHistory.record(existing.map(TableGuardStateStore::entries).orElse(List.of()),
                        new RollbackEntry(toMillis(now), actor), window);
                List<RollbackEntry> within = RollbackHistory.within(entries, now, window);
                Instant expires = entries.get(entries.size() - 1).at().plus(window);
                if (existing.isEmpty()) {
                    if (insert(withEntries(fill(new TableEntity(at.partitionKey(), at.rowKey()), at, expires), entries))) {
                        return within;
                    }
                } else if (replaceIfUnchanged(withEntries(fill(existing.get(), at, expires), entries))) {
                    return within;
                }
            }
            throw contended("recordRollback");
        });
    }

    @Override
    public List<RollbackEntry> rollbackHistory(ResourceId resource, Instant now, Duration window) throws StateUnavailableException {
        StateArgs.nonNegative("window", window);
        Address at = rollbacks(resource);
        return run("rollbackHistory", () -> read(at)
                .map(e -> RollbackHistory.within(entries(e), now, window))
                .orElse(List.of()));
    }

    @Override
    public boolean claimAlert(String alertKey, String stateFingerprint, Instant now, Duration window) throws StateUnavailableException {
        StateArgs.key("alertKey", alertKey);
        StateArgs.value("stateFingerprint", stateFingerprint);
        StateArgs.nonNegative("window", window);
        Address at = opaque(Kind.ALERT, alertKey);
        return run("claimAlert", () -> claim(at, stateFingerprint, now, window));
    }

    @Override
    public Optional<String> swapFindingStatus(String findingKey, String status, Instant now, Duration ttl) throws StateUnavailableException {
        StateArgs.key("findingKey", findingKey);
        StateArgs.value("status", status);
        StateArgs.nonNegative("ttl", ttl);
        Address at = opaque(Kind.FINDING, findingKey);
        Instant expires = now.plus(ttl);
        return run("swapFindingStatus", () -> {
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                Optional<TableEntity> existing = read(at);
                if (existing.isEmpty()) {
                    if (insert(fill(new TableEntity(at.partitionKey(), at.rowKey()), at, expires).addProperty(VALUE, status))) {
                        return Optional.<String>empty();
                    }
                    continue;
                }
                TableEntity row = existing.get();
                Optional<String> previous = isLive(row, now) ? stringProperty(row, VALUE) : Optional.empty();
                if (replaceIfUnchanged(fill(row, at, expires).addProperty(VALUE, status))) {
                    return previous;
                }
            }
            throw contended("swapFindingStatus");
        });
    }

    @Override
    public void saveSweepCursor(String sweepId, String cursor, Instant now, Duration ttl) throws StateUnavailableException {
        StateArgs.key("sweepId", sweepId);
        StateArgs.value("cursor", cursor);
        StateArgs.nonNegative("ttl", ttl);
        Address at = sweep(sweepId);
        // Last writer wins on purpose: a cursor only records progress, any recent one will do.
        run("saveSweepCursor", () -> {
            table.upsertEntityWithResponse(fill(new TableEntity(at.partitionKey(), at.rowKey()), at, now.plus(ttl))
                    .addProperty(VALUE, cursor), TableEntityUpdateMode.REPLACE, null, null);
            return null;
        });
    }

    @Override
    public Optional<String> sweepCursor(String sweepId, Instant now) throws StateUnavailableException {
        StateArgs.key("sweepId", sweepId);
        Address at = sweep(sweepId);
        return run("sweepCursor", () -> read(at)
                .filter(e -> isLive(e, now))
                .flatMap(e -> stringProperty(e, VALUE)));
    }

    @Override
    public int purgeExpired(Instant now) throws StateUnavailableException {
        String filter = EXPIRES_AT + " le datetime'" + DateTimeFormatter.ISO_INSTANT.format(toMillis(now)) + "'";
        ListEntitiesOptions query = new ListEntitiesOptions().setFilter(filter).setSelect(List.of(PK, RK, EXPIRES_AT));
        return run("purgeExpired", () -> {
            int removed = 0;
            for (TableEntity row : table.listEntities(query, null, null)) {
                // If-Match: a row re-claimed since the query (new ExpiresAt) must survive.
                if (deleteIfUnchanged(row)) {
                    removed++;
                }
            }
            return removed;
        });
    }

    // ---------------------------------------------------------------- claim

    /**
     * True when the row at {@code at} was absent, expired or held another value, and now holds
     * {@code value} until {@code now + ttl}; false when it already held {@code value} (live).
     */
    private boolean claim(Address at, String value, Instant now, Duration ttl) throws StateUnavailableException {
        Instant expires = now.plus(ttl);
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            if (insert(fill(new TableEntity(at.partitionKey(), at.rowKey()), at, expires).addProperty(VALUE, value))) {
                return true;
            }
            Optional<TableEntity> existing = read(at);
            if (existing.isEmpty()) {
                continue; // purged between our insert and read: insert again
            }
            TableEntity row = existing.get();
            if (isLive(row, now) && stringProperty(row, VALUE).orElse("").equals(value)) {
                return false;
            }
            if (replaceIfUnchanged(fill(row, at, expires).addProperty(VALUE, value))) {
                return true;
            }
            // 412: another instance changed the row since we read it; judge its new content.
        }
        throw contended("claim");
    }

    // ---------------------------------------------------------------- table primitives

    private Optional<TableEntity> read(Address at) {
        try {
            Response<TableEntity> response = table.getEntityWithResponse(at.partitionKey(), at.rowKey(), null, null, null);
            return Optional.of(response.getValue());
        } catch (TableServiceException e) {
            if (status(e) == 404 && !isTableNotFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Conditional insert: false when the row exists (409). */
    private boolean insert(TableEntity entity) {
        try {
            table.createEntityWithResponse(entity, null, null);
            return true;
        } catch (TableServiceException e) {
            if (status(e) == 409) {
                return false;
            }
            throw e;
        }
    }

    /** Replace with If-Match on the entity's ETag: false when another writer got there first (412) or it vanished (404). */
    private boolean replaceIfUnchanged(TableEntity entity) {
        try {
            table.updateEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, true, null, null);
            return true;
        } catch (TableServiceException e) {
            if (status(e) == 412 || (status(e) == 404 && !isTableNotFound(e))) {
                return false;
            }
            throw e;
        }
    }

    private boolean deleteIfUnchanged(TableEntity entity) {
        try {
            table.deleteEntityWithResponse(entity, true, null, null);
            return true;
        } catch (TableServiceException e) {
            if (status(e) == 412 || (status(e) == 404 && !isTableNotFound(e))) {
                return false;
            }
            throw e;
        }
    }

    @FunctionalInterface
    private interface TableCall<T> {
        T run() throws StateUnavailableException;
    }

    /**
     * Runs one store operation, creating the table once if it is missing and mapping every SDK
     * failure to {@link StateUnavailableException}.
     */
    private <T> T run(String operation, TableCall<T> call) throws StateUnavailableException {
        try {
            try {
                return call.run();
            } catch (TableServiceException e) {
                if (!isTableNotFound(e)) {
                    throw e;
                }
                createTableIfMissing();
                return call.run();
            }
        } catch (HttpResponseException e) {
            // No response: the managed identity could not get a token (ClientAuthenticationException).
            throw new StateUnavailableException("state table " + operation + " failed: " + (e.getResponse() == null
                    ? e.getClass().getSimpleName()
                    : "HTTP " + status(e) + errorCode(e).map(c -> " " + c).orElse("")), e);
        } catch (AzureException | UncheckedIOException e) {
            throw unavailable(operation, e);
        } catch (RuntimeException e) {
            if (hasCause(e, IOException.class) || hasCause(e, TimeoutException.class)) {
                throw unavailable(operation, e);
            }
            throw e;
        }
    }

    /** Creates the table; a concurrent creator winning (409) is fine. */
    public void createTableIfMissing() throws StateUnavailableException {
        try {
            table.createTableWithResponse(null, null);
        } catch (TableServiceException e) {
            if (status(e) != 409) {
                throw new StateUnavailableException("state table creation failed: HTTP " + status(e)
                        + errorCode(e).map(c -> " " + c).orElse(""), e);
            }
        } catch (RuntimeException e) {
            throw unavailable("createTable", e);
        }
    }

    private static StateUnavailableException unavailable(String operation, RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new StateUnavailableException("state table " + operation + " failed: cannot reach the table endpoint ("
                + root.getClass().getSimpleName() + ")", e);
    }

    private static StateUnavailableException contended(String operation) {
        return new StateUnavailableException("state table " + operation + ": row still contended after "
                + MAX_ATTEMPTS + " optimistic-concurrency rounds", null);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static int status(HttpResponseException e) {
        return e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
    }

    private static Optional<String> errorCode(HttpResponseException e) {
        if (e instanceof TableServiceException tse && tse.getValue() != null && tse.getValue().getErrorCode() != null) {
            return Optional.of(tse.getValue().getErrorCode().toString());
        }
        return Optional.empty();
    }

    private static boolean isTableNotFound(TableServiceException e) {
        return status(e) == 404 && errorCode(e).map(TableErrorCode.TABLE_NOT_FOUND.toString()::equals).orElse(false);
    }

    // ---------------------------------------------------------------- entities and keys

    private static TableEntity fill(TableEntity entity, Address at, Instant expires) {
        String subject = at.subject().length() > SUBJECT_MAX_CHARS ? at.subject().substring(0, SUBJECT_MAX_CHARS) : at.subject();
        return entity.addProperty(KIND, at.kind().name().toLowerCase(java.util.Locale.ROOT))
                .addProperty(SUBJECT, subject)
                .addProperty(EXPIRES_AT, toMillis(expires).atOffset(ZoneOffset.UTC));
    }

    private static boolean isLive(TableEntity entity, Instant now) {
        Object expires = entity.getProperty(EXPIRES_AT);
        return expires instanceof OffsetDateTime odt && odt.toInstant().isAfter(now);
    }

    private static Optional<String> stringProperty(TableEntity entity, String name) {
        Object value = entity.getProperty(name);
        return value instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /**
     * {@code Times} (epoch millis) and {@code Actors} (same order) as JSON arrays; a row written
     * before actors were kept has no {@code Actors}: its rollbacks count, their actors are unknown.
     */
    private static List<RollbackEntry> entries(TableEntity entity) {
        Optional<String> json = stringProperty(entity, TIMES);
        if (json.isEmpty()) {
            return List.of();
        }
        long[] millis = Json.compactGson().fromJson(json.get(), long[].class);
        String[] actors = stringProperty(entity, ACTORS).map(a -> Json.compactGson().fromJson(a, String[].class)).orElse(new String[0]);
        List<RollbackEntry> entries = new ArrayList<>(millis == null ? 0 : millis.length);
        for (int i = 0; millis != null && i < millis.length; i++) {
            String actor = actors != null && i < actors.length && actors[i] != null ? actors[i] : RollbackEntry.UNKNOWN_ACTOR;
            entries.add(new RollbackEntry(Instant.ofEpochMilli(millis[i]), actor));
        }
        return entries;
    }

    private static TableEntity withEntries(TableEntity entity, List<RollbackEntry> entries) {
        return entity.addProperty(TIMES, Json.compactGson().toJson(entries.stream().mapToLong(e -> e.at().toEpochMilli()).toArray()))
                .addProperty(ACTORS, Json.compactGson().toJson(entries.stream().map(RollbackEntry::actor).toArray(String[]::new)));
    }

    /** Table Storage keeps DateTime to the tick but the history JSON keeps millis: store both alike. */
    private static Instant toMillis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    private static Address rollbacks(ResourceId resource) {
        return new Address(resourcePartition(resource), Kind.ROLLBACKS.tag, Kind.ROLLBACKS, resource.toString());
    }

    private static Address opaque(Kind kind, String key) {
        String h = hash(key);
        return new Address("key-" + h.substring(0, 2), kind.tag + "-" + h, kind, key);
    }

    private static Address sweep(String sweepId) {
        return new Address(Kind.SWEEP.tag, Kind.SWEEP.tag + "-" + hash(sweepId), Kind.SWEEP, sweepId);
    }

    /** ARM ids are case-insensitive: the partition comes from the lower-cased key. */
    private static String resourcePartition(ResourceId resource) {
        return "res-" + hash(resource.key());
    }

    static String hash(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
