package com.dlpguard.json;

/**
 * Bad JSON input, with the JSON path ({@code $.value[3].properties}) where it was found. Callers
 * prefix the file or event it came from; the message never echoes large values back.
 */
public class JsonInputException extends Exception {
    private final String jsonPath;
    private final String problem;

    public JsonInputException(String jsonPath, String problem) {
        super(jsonPath + ": " + problem);
        this.jsonPath = jsonPath;
        this.problem = problem;
    }

    public String jsonPath() {
        return jsonPath;
    }

    public String problem() {
        return problem;
    }
}
