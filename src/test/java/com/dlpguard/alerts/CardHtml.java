package com.dlpguard.alerts;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Map;

/**
 * Draws an Adaptive Card (the subset the guard emits) as static HTML in the Teams light theme,
 * for the README. Text goes through the same two steps a card client applies: CommonMark
 * backslash escapes resolve to the literal character, then the text is HTML-escaped.
 */
final class CardHtml {
    private static final Map<String, String> COLORS = Map.of("Attention", "#c4314b", "Good", "#237b4b",
            "Warning", "#8a5d00", "Accent", "#5b5fc7", "Default", "#242424");
    private static final Map<String, String> CONTAINER_BACKGROUNDS = Map.of("attention", "#fdf3f4", "good", "#f1faf1",
            "warning", "#fffaeb", "emphasis", "#f5f5f5", "accent", "#ebf3fc", "default", "#ffffff");
    private static final Map<String, String> SIZES = Map.of("Small", "12px", "Default", "14px", "Medium", "16px",
            "Large", "20px", "ExtraLarge", "24px");

    private CardHtml() {
    }

    static String page(JsonObject envelope, String sourceNote) {
        JsonObject card = envelope.getAsJsonArray("attachments").get(0).getAsJsonObject().getAsJsonObject("content");
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>DLP Guard alert in Microsoft Teams (Adaptive Card ").append(esc(card.get("version").getAsString()))
                .append(")</title>\n<!-- ").append(esc(sourceNote)).append(" -->\n<style>\n")
                .append("body{background:#f5f5f5;font-family:'Segoe UI',system-ui,-apple-system,sans-serif;color:#242424;margin:24px}\n")
                .append(".post{max-width:560px;background:#fff;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.15);overflow:hidden}\n")
                .append(".from{font-size:12px;color:#616161;padding:10px 16px 0}\n")
                .append(".card{padding:4px 16px 16px}\n")
                .append(".container{margin:8px -16px 0;padding:10px 16px}\n")
                .append(".tb{margin:8px 0 0;font-size:14px;line-height:1.4;word-wrap:break-word}\n")
                .append(".tb.none{margin-top:0}.tb.medium{margin-top:16px}\n")
                .append(".mono{font-family:Consolas,'Courier New',monospace}\n")
                .append("table.facts{border-collapse:collapse;margin-top:8px;font-size:14px}\n")
                .append("table.facts td{padding:2px 12px 2px 0;vertical-align:top}\n")
                .append("table.facts td.t{font-weight:600;white-space:nowrap}\n")
                .append(".actions{margin-top:16px}.actions a{display:inline-block;border:1px solid #d1d1d1;border-radius:4px;")
                .append("padding:6px 12px;color:#242424;text-decoration:none;font-weight:600;font-size:14px}\n")
                .append("</style>\n</head>\n<body>\n<div class=\"post\">\n<div class=\"from\">Workflows · DLP Guard</div>\n<div class=\"card\">\n");
        for (JsonElement e : card.getAsJsonArray("body")) {
            element(e.getAsJsonObject(), html);
        }
        if (card.has("actions")) {
            html.append("<div class=\"actions\">");
            for (JsonElement a : card.getAsJsonArray("actions")) {
                JsonObject action = a.getAsJsonObject();
                html.append("<a href=\"").append(esc(action.get("url").getAsString())).append("\">")
                        .append(esc(action.get("title").getAsString())).append("</a> ");
            }
            html.append("</div>\n");
        }
        html.append("</div>\n</div>\n<p style=\"font-size:12px;color:#616161;max-width:560px\">Older clients show the fallback text: <em>")
                .append(text(card.get("fallbackText").getAsString())).append("</em></p>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void element(JsonObject element, StringBuilder html) {
        switch (element.get("type").getAsString()) {
            case "Container":
                String style = element.has("style") ? element.get("style").getAsString() : "default";
                html.append("<div class=\"container\" style=\"background:").append(CONTAINER_BACKGROUNDS.get(style)).append("\">\n");
                element.getAsJsonArray("items").forEach(i -> element(i.getAsJsonObject(), html));
                html.append("</div>\n");
                break;
            case "FactSet":
                html.append("<table class=\"facts\">\n");
                element.getAsJsonArray("facts").forEach(f -> html.append("<tr><td class=\"t\">")
                        .append(text(f.getAsJsonObject().get("title").getAsString())).append("</td><td>")
                        .append(text(f.getAsJsonObject().get("value").getAsString())).append("</td></tr>\n"));
                html.append("</table>\n");
                break;
            case "TextBlock":
                StringBuilder css = new StringBuilder();
                css.append("font-size:").append(SIZES.get(prop(element, "size", "Default"))).append(';');
                if (prop(element, "weight", "Default").equals("Bolder")) {
                    css.append("font-weight:600;");
                }
                css.append("color:").append(COLORS.get(prop(element, "color", "Default"))).append(';');
                if (element.has("isSubtle") && element.get("isSubtle").getAsBoolean()) {
                    css.append("opacity:.7;");
                }
                String classes = "tb" + (prop(element, "fontType", "Default").equals("Monospace") ? " mono" : "")
                        + (prop(element, "spacing", "Default").equals("None") ? " none" : "")
                        + (prop(element, "spacing", "Default").equals("Medium") ? " medium" : "");
                html.append("<div class=\"").append(classes).append("\" style=\"").append(css).append("\">")
                        .append(text(element.get("text").getAsString())).append("</div>\n");
                break;
            default:
                throw new IllegalArgumentException("no HTML for " + element.get("type"));
        }
    }

    private static String prop(JsonObject element, String name, String otherwise) {
        return element.has(name) ? element.get(name).getAsString() : otherwise;
    }

    /** The card text as a client shows it: escapes resolved, then HTML-escaped. */
    static String text(String markdown) {
        return esc(CardTextTest.commonMarkUnescape(markdown));
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
