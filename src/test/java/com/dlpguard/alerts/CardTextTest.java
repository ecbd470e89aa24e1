package com.dlpguard.alerts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

@ExtendWith(LogCapture.class)
class CardTextTest {

    /** CommonMark's rule: a backslash before ASCII punctuation stands for that character. */
    static String commonMarkUnescape(String escaped) {
        return escaped.replaceAll("\\\\(\\p{Punct})", "$1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "_", "[", "]", "(", ")", "#", "`", ">", "-", "+", "!", "\\", "{", "}", "<", "&", "|", "~"})
    void every_markdown_character_is_backslash_escaped(String special) {
        assertEquals("a\\" + special + "b", CardText.escape("a" + special + "b"));
    }

    @Test
    void hostile_text_reads_back_as_itself_with_no_active_markup() {
        String escaped = CardText.escape(AlertFixtures.HOSTILE);

        assertFalse(escaped.contains("\n") || escaped.contains("\r") || escaped.contains("\u2028"), escaped);
        assertFalse(escaped.contains("{{"), "a date function must not survive: " + escaped);
        assertFalse(escaped.contains("\u202E"), "bidi override must be dropped");
        // Every special character is preceded by a backslash: nothing is left for the markdown parser.
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '\\') {
                i++; // skip the character it escapes
            } else if ("*_[]()#`><-+!{}&|~".indexOf(c) >= 0) {
                fail("unescaped '" + c + "' at " + i + " in " + escaped);
            }
        }
        String expected = AlertFixtures.HOSTILE.replace("\r\n", "  ").replaceAll("[\\r\\n\\u2028]", " ")
                .replace("\u202E", "").replace("\u202C", "");
        assertEquals(expected, commonMarkUnescape(escaped));
    }

    @Test
    void a_leading_number_cannot_start_an_ordered_list() {
        assertEquals("1\\. not a list", CardText.escape("1. not a list"));
        assertEquals("2024\\.10 and 3.5", CardText.escape("2024.10 and 3.5"));
        assertEquals("v1.2", CardText.escape("v1.2"));
    }

    @Test
    void plain_resource_names_stay_readable() {
        assertEquals("exfilstore", CardText.escape("exfilstore"));
        assertEquals("alice@contoso.com", CardText.escape("alice@contoso.com"));
        assertEquals("/subscriptions/1/resourceGroups/rg\\-ml", CardText.escape("/subscriptions/1/resourceGroups/rg-ml"));
    }

    @Test
    void long_values_are_cut_before_escaping_and_say_so() {
        String escaped = CardText.escape("*".repeat(5000));
        assertTrue(escaped.startsWith("\\*\\*"));
        assertTrue(escaped.endsWith("… \\(5000 characters\\)"), escaped.substring(escaped.length() - 30));
        assertEquals(CardText.MAX_LENGTH * 2 + "… \\(5000 characters\\)".length(), escaped.length());
    }
}
