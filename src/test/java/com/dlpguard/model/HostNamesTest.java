package com.dlpguard.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Host names compare in one form, whatever spelling the insider or the admin chose. */
class HostNamesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "PyPI.org.                  | pypi.org",
            "bücher.example             | xn--bcher-kva.example",
            "ｐｙｐｉ.org                | pypi.org",
            "pypі.org                   | xn--pyp-lhd.org",
            "*.Blob.Core.Windows.Net    | *.blob.core.windows.net",
            "*.net                      | -",
            "*                          | -",
            "a.*.com                    | -",
            "a.com:443                  | -",
            "https://a.com              | -",
            "a..com                     | -",
            "-a.com                     | -",
            "a.com..                    | -",
    })
    void patternsAreNormalizedOrRefused(String raw, String expected) {
        assertEquals(Optional.ofNullable(expected), HostNames.normalizePattern(raw));
    }
}
