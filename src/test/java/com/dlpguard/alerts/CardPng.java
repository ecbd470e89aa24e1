package com.dlpguard.alerts;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Paints the guard's Adaptive Card (TextBlock, FactSet, Container, Action.OpenUrl) with Java2D in
 * the Teams light theme: an image made from the card JSON for the README. Text is shown as a
 * client shows it (CommonMark escapes resolved). Layout is a simple top-to-bottom flow with word
 * wrap, close to Teams' own at this width.
 */
final class CardPng {
    private static final int WIDTH = 600;
    private static final int PAD = 16;
    private static final int SCALE = 2;
    private static final Map<String, Color> COLORS = Map.of("Attention", new Color(0xc4314b), "Good", new Color(0x237b4b),
            "Warning", new Color(0x8a5d00), "Default", new Color(0x242424));
    private static final Map<String, Color> BACKGROUNDS = Map.of("attention", new Color(0xfdf3f4), "good", new Color(0xf1faf1),
            "warning", new Color(0xfffaeb), "default", Color.WHITE);
    private static final Map<String, Integer> SIZES = Map.of("Small", 12, "Default", 14, "Medium", 16, "Large", 20);

    private final Graphics2D g;
    private int y;

    private CardPng(Graphics2D g) {
        this.g = g;
    }

    static BufferedImage render(JsonObject envelope) {
        JsonObject card = envelope.getAsJsonArray("attachments").get(0).getAsJsonObject().getAsJsonObject("content");
        BufferedImage canvas = new BufferedImage(WIDTH * SCALE, 3000 * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.scale(SCALE, SCALE);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setColor(new Color(0xf5f5f5));
        g.fillRect(0, 0, WIDTH, 3000);
        CardPng painter = new CardPng(g);
        painter.y = 12;
        g.setColor(Color.WHITE);
        int top = painter.y;
        g.fillRect(8, top, WIDTH - 16, 3000);
        painter.y += 8;
        painter.text("Workflows · DLP Guard", font(false, false, 12), new Color(0x616161), PAD + 8, WIDTH - PAD - 8);
        for (JsonElement e : card.getAsJsonArray("body")) {
            painter.element(e.getAsJsonObject());
        }
        if (card.has("actions")) {
            painter.y += 16;
            for (JsonElement a : card.getAsJsonArray("actions")) {
                String title = a.getAsJsonObject().get("title").getAsString();
                Font f = font(true, false, 14);
                int w = g.getFontMetrics(f).stringWidth(title) + 24;
                g.setColor(new Color(0xd1d1d1));
                g.drawRoundRect(PAD + 8, painter.y, w, 32, 8, 8);
                g.setFont(f);
                g.setColor(COLORS.get("Default"));
                g.drawString(title, PAD + 20, painter.y + 21);
                painter.y += 32;
            }
        }
        int bottom = painter.y + 16;
        g.setColor(new Color(0xf5f5f5));
        g.fillRect(0, bottom, WIDTH, 3000);
        g.setColor(new Color(0xe0e0e0));
        g.drawRect(8, top, WIDTH - 17, bottom - top);
        g.dispose();
        return canvas.getSubimage(0, 0, WIDTH * SCALE, (bottom + 12) * SCALE);
    }

    private void element(JsonObject element) {
        int left = PAD + 8;
        int right = WIDTH - PAD - 8;
        switch (element.get("type").getAsString()) {
            case "Container":
                int start = y + 8;
                String style = element.has("style") ? element.get("style").getAsString() : "default";
                // Paint the items once to measure, then the background, then the items on top.
                int saved = y;
                BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
                CardPng measure = new CardPng(scratch.createGraphics());
                measure.y = start + 2;
                element.getAsJsonArray("items").forEach(i -> measure.element(i.getAsJsonObject()));
                g.setColor(BACKGROUNDS.getOrDefault(style, Color.WHITE));
                g.fillRect(9, start, WIDTH - 18, measure.y - start + 12);
                y = saved + 10;
                element.getAsJsonArray("items").forEach(i -> element(i.getAsJsonObject()));
                y += 12;
                break;
            case "FactSet":
                y += 8;
                Font bold = font(true, false, 14);
                Font plain = font(false, false, 14);
                int titleWidth = 0;
                for (JsonElement f : element.getAsJsonArray("facts")) {
                    titleWidth = Math.max(titleWidth, g.getFontMetrics(bold).stringWidth(f.getAsJsonObject().get("title").getAsString()));
                }
                int valueLeft = left + titleWidth + 14;
                for (JsonElement f : element.getAsJsonArray("facts")) {
                    int rowTop = y;
                    text(f.getAsJsonObject().get("title").getAsString(), bold, COLORS.get("Default"), left, valueLeft - 14);
                    int afterTitle = y;
                    y = rowTop;
                    text(CardTextTest.commonMarkUnescape(f.getAsJsonObject().get("value").getAsString()), plain,
                            COLORS.get("Default"), valueLeft, right);
                    y = Math.max(y, afterTitle) + 2;
                }
                break;
            case "TextBlock":
                String spacing = prop(element, "spacing", "Default");
                y += spacing.equals("None") ? 0 : spacing.equals("Medium") ? 16 : 8;
                boolean mono = prop(element, "fontType", "Default").equals("Monospace");
                Font f = font(prop(element, "weight", "Default").equals("Bolder"), mono, SIZES.get(prop(element, "size", "Default")));
                Color c = COLORS.getOrDefault(prop(element, "color", "Default"), COLORS.get("Default"));
                if (element.has("isSubtle") && element.get("isSubtle").getAsBoolean()) {
                    c = new Color(0x616161);
                }
                text(CardTextTest.commonMarkUnescape(element.get("text").getAsString()), f, c, left, right);
                break;
            default:
                throw new IllegalArgumentException("cannot paint " + element.get("type"));
        }
    }

    /** Word-wraps {@code text} between {@code left} and {@code right}; ids without spaces break after '/'. */
    private void text(String text, Font font, Color color, int left, int right) {
        FontMetrics m = g.getFontMetrics(font);
        g.setFont(font);
        g.setColor(color);
        for (String line : wrap(text, m, right - left)) {
            y += m.getAscent();
            g.drawString(line, left, y);
            y += m.getDescent() + 2;
        }
    }

    private static List<String> wrap(String text, FontMetrics m, int width) {
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        for (char c : text.toCharArray()) {
            token.append(c);
            if (c == ' ' || c == '/') {
                tokens.add(token.toString());
                token.setLength(0);
            }
        }
        if (token.length() > 0) {
            tokens.add(token.toString());
        }
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String t : tokens) {
            if (line.length() > 0 && m.stringWidth(line + t.stripTrailing()) > width) {
                lines.add(line.toString().stripTrailing());
                line.setLength(0);
            }
            line.append(t);
        }
        if (line.length() > 0) {
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    private static Font font(boolean bold, boolean mono, int size) {
        return new Font(mono ? "DejaVu Sans Mono" : "DejaVu Sans", bold ? Font.BOLD : Font.PLAIN, size);
    }

    private static String prop(JsonObject element, String name, String otherwise) {
        return element.has(name) ? element.get(name).getAsString() : otherwise;
    }
}
