package com.dlpguard.json;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Strict JSON errors say what is wrong and where, in words a person editing the file can act on. */
class StrictJsonTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"a\":NaN}                 | $.a  | NaN and Infinity are not JSON numbers",
            "{\"a\":-Infinity}           | $.a  | NaN and Infinity are not JSON numbers",
            "{/* note */ \"a\":1}        | $.   | comments are not allowed",
            "{\"a\":1 // note\\n}        | $.a  | comments are not allowed",
            "[1,]                        | $[1] | trailing comma",
            "{\"a\":1,}                  | $.a  | trailing comma",
            "{'a':1}                     | $.   | strings must use double quotes",
            "{\"a\":1} x                 | $    | unexpected",
            "{\"a\":                     | $.a  | ends too early",
            "{\"a\":1,\"a\":2}           | $.a  | duplicate key 'a'",
    })
    void badInputIsNamedAndLocated(String json, String path, String problem) {
        JsonInputException e = assertThrows(JsonInputException.class, () -> StrictJson.parse(json.replace("\\n", "\n")));
        assertEquals(path, e.jsonPath(), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertTrue(!e.getMessage().contains("setStrictness"), "no Gson hint leaks to users: " + e.getMessage());
    }

    @Test
    void invalidUtf8IsRejectedAndABomIsTolerated() throws Exception {
        JsonInputException e = assertThrows(JsonInputException.class,
                () -> StrictJson.parse(new byte[]{'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}));
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
        byte[] withBom = ("\uFEFF{\"a\":1}").getBytes(StandardCharsets.UTF_8);
        assertEquals(1, StrictJson.parse(withBom).getAsJsonObject().get("a").getAsInt());
    }

    @Test
    void nestingIsBounded() {
        String deep = "[".repeat(StrictJson.MAX_DEPTH + 2) + "]".repeat(StrictJson.MAX_DEPTH + 2);
        JsonInputException e = assertThrows(JsonInputException.class, () -> StrictJson.parse(deep));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }
}
