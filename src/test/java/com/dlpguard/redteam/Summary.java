package com.dlpguard.redteam;

/** Prints a threat class's scenario outcomes together (the closing note quotes them). */
final class Summary {
    private Summary() {
    }

    static void print(Scenario.Threat threat) {
        System.out.println("[redteam] ==== " + threat.prefix + ": " + RedTeam.OUTCOMES.stream()
                .filter(l -> l.startsWith("[redteam] " + threat.prefix + "_")).count() + " scenario(s)");
        RedTeam.OUTCOMES.stream().filter(l -> l.startsWith("[redteam] " + threat.prefix + "_")).forEach(System.out::println);
    }
}
