package com.dlpguard.alerts;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The sinks the settings ask for, sharing one sender (one thread pool, one connection pool). */
public final class AlertSinks {
    private AlertSinks() {
    }

    public static List<AlertSink> fromSettings(AlertSettings settings, HttpAlertSender sender, Clock clock) {
        List<AlertSink> sinks = new ArrayList<>();
        settings.teamsWebhookUrl().ifPresent(url -> sinks.add(new TeamsSink(url, new TeamsCardRenderer(settings.portal()), sender)));
        settings.webhookUrl().ifPresent(url -> sinks.add(new WebhookSink(url, settings.webhookSecret().orElseThrow(),
                new WebhookPayloadRenderer(settings.portal()), sender, clock)));
        return List.copyOf(sinks);
    }
}
