package com.dlpguard.health;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identity's effective permissions at one scope, as {@code Microsoft.Authorization/permissions}
 * lists them: one {@link Grant} per role assignment that reaches the scope. Evaluated like Azure
 * does: an action is allowed when some grant has an {@code actions} pattern matching it and no
 * {@code notActions} pattern <em>of the same grant</em> matching it (a notAction subtracts from its
 * own role only; another role can still grant the action). Patterns compare case-insensitively and
 * {@code *} matches any run of characters, including {@code /}. Deny assignments are not in this
 * answer: an action they block looks allowed here and fails at write time (the write outcome then
 * says so).
 */
public record EffectivePermissions(List<Grant> grants) {

    public EffectivePermissions {
        grants = List.copyOf(grants);
    }

    public record Grant(List<String> actions, List<String> notActions) {
        public Grant {
            actions = List.copyOf(actions);
            notActions = List.copyOf(notActions);
        }

        boolean allows(String action) {
            return actions.stream().anyMatch(p -> matches(p, action))
                    && notActions.stream().noneMatch(p -> matches(p, action));
        }
    }

    public boolean allows(String action) {
        Objects.requireNonNull(action, "action");
        return grants.stream().anyMatch(g -> g.allows(action));
    }

    /** Reads the {@code value} items of the permissions answer; a missing list counts as empty. */
    public static EffectivePermissions fromArm(List<JsonObject> items) {
        List<Grant> grants = new ArrayList<>();
        for (JsonObject item : items) {
            grants.add(new Grant(strings(item, "actions"), strings(item, "notActions")));
        }
        return new EffectivePermissions(grants);
    }

    static boolean matches(String pattern, String action) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String a = action.toLowerCase(Locale.ROOT);
        if (!p.contains("*")) {
            return p.equals(a);
        }
        StringBuilder regex = new StringBuilder();
        for (String part : p.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.matches(regex.toString(), a);
    }

    private static List<String> strings(JsonObject item, String key) {
        List<String> out = new ArrayList<>();
        JsonElement value = item.get(key);
        if (value != null && value.isJsonArray()) {
            for (JsonElement e : (JsonArray) value) {
                if (e.isJsonPrimitive()) {
                    out.add(e.getAsString());
                }
            }
        }
        return out;
    }
}
