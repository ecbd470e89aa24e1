package com.dlpguard.alerts;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LogCapture.class)
class CardTextTest {
    private static final String WJ = String.valueOf(CardText.WORD_JOINER);

    /** What a reader sees: CommonMark backslash escapes resolved, the invisible word joiners gone. */
    static String shown(String markdown) {
        return markdown.replaceAll("\\\\(\\p{Punct})", "$1").replace(WJ, "");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            a3c1f7d2-5b6e-4f80-9a1b-2c3d4e5f6a7b        | a3c1f7d2-5b6e-4f80-9a1b-2c3d4e5f6a7b
            /subscriptions/1/resourceGroups/rg-ml(1)!   | /subscriptions/1/resourceGroups/rg-ml(1)!
            ml_network_rg                               | ml_network_rg
            a - b + c # d > e                           | a - b + c # d > e
            10.0.0.0/16 and 2024.10 and 3.5             | 10.0.0.0/16 and 2024.10 and 3.5
            a & b                                       | a & b
            _x_                                         | \\_x\\_
            **urgent**                                  | \\*\\*urgent\\*\\*
            `code`                                      | \\`code\\`
            ~~strike~~                                  | \\~\\~strike\\~\\~
            <b>html</b>                                 | \\<b>html\\</b>
            &amp; x                                     | \\&amp; x
            - list                                      | \\- list
            + item                                      | \\+ item
            # Heading                                   | \\# Heading
            > quote                                     | \\> quote
            1. one                                      | 1\\. one
            12) twelve                                  | 12\\) twelve
            "    four spaces"                           | four spaces
            a\\*b                                       | a\\\\\\*b
            """)
    void markdown_is_escaped_only_where_it_would_act(String raw, String expected) {
        assertEquals(expected, CardText.escape(raw));
    }

    /** {@code ^} stands for the invisible word joiner in the expected column. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            see https://evil.example/login | see https^:/^/evil.^example/login
            see evil.example now           | see evil.^example now
            mallory@contoso.com            | mallory@contoso.^com
            mailto:x@y.example             | mailto^:x@y.^example
            www.evil.com                   | www.^evil.^com
            Microsoft.Network/x            | Microsoft.^Network/x
            from 203.0.113.77              | from 203.0.113.77
            09:41:27Z                      | 09:41:27Z
            re-read: the rule passes       | re-read: the rule passes
            see [click](https:x)           | see [click]^(https^:x)
            {{DATE(2017-02-14T06:00:00Z)}} | {^{DATE(2017-02-14T06:00:00Z)}^}
            """)
    void links_and_functions_are_broken_by_an_invisible_word_joiner_not_a_backslash(String raw, String expected) {
        String withJoiners = expected.replace("^", WJ);
        assertEquals(withJoiners, CardText.escape(raw));
        assertEquals(withJoiners, CardText.plain(raw, CardText.MAX_LENGTH));
        assertEquals(raw, shown(withJoiners), "reads as itself");
    }

    @Test
    void hostile_text_reads_back_as_itself_on_one_line_with_nothing_active() {
        String escaped = CardText.escape(AlertFixtures.HOSTILE);
        assertFalse(escaped.contains("\n") || escaped.contains("\r") || escaped.contains("\u2028"), escaped);
        assertFalse(escaped.contains("{{") || escaped.contains("](") || escaped.contains("://"), escaped);
        assertFalse(escaped.contains("\u202E"), "bidi override must be dropped");
        String expected = AlertFixtures.HOSTILE.replace("\r\n", "  ").replaceAll("[\\r\\n\\u2028]", " ")
                .replace("\u202E", "").replace("\u202C", "");
        assertEquals(expected, shown(escaped));
    }

    @Test
    void plain_text_gets_no_backslashes() {
        String plain = CardText.plain("**urgent** _x_ - a\\b 1. #", CardText.MAX_LENGTH);
        assertEquals("**urgent** _x_ - a\\b 1. #", plain);
        assertEquals("a b", CardText.plain("a\nb\u202E", CardText.MAX_LENGTH));
    }

    @Test
    void long_values_are_cut_before_escaping_and_say_so() {
        String escaped = CardText.escape("*".repeat(5000));
        assertTrue(escaped.startsWith("\\*\\*"));
        assertTrue(escaped.endsWith("… (5000 characters)"), escaped.substring(escaped.length() - 30));
        assertEquals(CardText.MAX_LENGTH * 2 + "… (5000 characters)".length(), escaped.length());
        assertEquals("ab… (5 characters)", CardText.markdown("abcde", 2));
    }
}
