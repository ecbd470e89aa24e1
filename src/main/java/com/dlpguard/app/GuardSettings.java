package com.dlpguard.app;

import com.dlpguard.config.ConfigException;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.reconcile.GuardPolicy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The guard's own app settings (alert and state settings are read by their packages). A bad
 * value is a {@link ConfigException} naming the setting, never a silent default: an operator who
 * typed {@code DLP_GUARD_DRY_RUN=flase} must not get a guard that writes.
 */
public record GuardSettings(GuardConfig config, GuardPolicy policy, Optional<String> managedIdentityClientId) {

    public static GuardSettings from(Map<String, String> env, LocalDate today) throws ConfigException {
        GuardConfig config = config(env, today);
        boolean dryRun = bool(env, SettingNames.DRY_RUN, true);
        Set<String> identities = new LinkedHashSet<>();
        Optional.ofNullable(env.get(SettingNames.IDENTITY_IDS)).ifPresent(v -> Arrays.stream(v.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).forEach(identities::add));
        int fightLimit = integer(env, SettingNames.FIGHT_LIMIT, 3, 1, 100);
        int windowMinutes = integer(env, SettingNames.FIGHT_WINDOW_MINUTES, 10, 1, 24 * 60);
        GuardPolicy policy = GuardPolicy.defaults().withDryRun(dryRun).withGuardIdentities(identities)
                .withFightLimit(fightLimit, Duration.ofMinutes(windowMinutes));
        Optional<String> clientId = Optional.ofNullable(env.get(SettingNames.AZURE_CLIENT_ID)).filter(s -> !s.isBlank());
        return new GuardSettings(config, policy, clientId);
    }

    static GuardConfig config(Map<String, String> env, LocalDate today) throws ConfigException {
        String inline = env.get(SettingNames.CONFIG);
        if (inline != null && !inline.isBlank()) {
            return ConfigLoader.parse(inline.getBytes(StandardCharsets.UTF_8), SettingNames.CONFIG, today);
        }
        String path = env.get(SettingNames.CONFIG_PATH);
        if (path == null || path.isBlank()) {
            throw new ConfigException("neither " + SettingNames.CONFIG + " nor " + SettingNames.CONFIG_PATH
                    + " is set: the guard needs its dlp-guard.json");
        }
        try {
            return ConfigLoader.parse(Files.readAllBytes(Path.of(path)), path, today);
        } catch (IOException e) {
            throw new ConfigException(SettingNames.CONFIG_PATH + ": cannot read " + path + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    static boolean bool(Map<String, String> env, String name, boolean dflt) throws ConfigException {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(name + " must be true or false, not '" + abbreviate(v) + "'");
        };
    }

    static int integer(Map<String, String> env, String name, int dflt, int min, int max) throws ConfigException {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) {
                throw new ConfigException(name + " must be between " + min + " and " + max + ", not " + i);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a whole number, not '" + abbreviate(v) + "'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
