package com.dlpguard.cli;

import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.Estate;
import com.dlpguard.report.WhatIfReportRenderer;
import com.dlpguard.rules.RuleCatalog;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.snapshot.SnapshotException;
import com.dlpguard.snapshot.SnapshotLoader;
import com.dlpguard.whatif.WhatIfCheck;
import com.dlpguard.whatif.WhatIfInputException;
import com.dlpguard.whatif.WhatIfParser;
import com.dlpguard.whatif.WhatIfResult;
import com.dlpguard.whatif.WhatIfVerdict;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code check --whatif FILE... (--snapshot PATH | --subscription ID)}: the rules on the state a
 * deployment would produce, each finding marked introduced (by which change) or pre-existing.
 * {@code --new-only}: only introduced findings decide the exit code (a pull-request gate that does
 * not block on old debt; the guard in Azure still acts on the old debt).
 */
final class WhatIfCommand {
    private WhatIfCommand() {
    }

    static int run(CliArgs a, GuardConfig config, OutputFormat format, Clock clock, PrintStream out, PrintStream err)
            throws UsageException {
        List<String> files = a.all("whatif");
        if (files.isEmpty()) {
            throw new UsageException("--new-only needs --whatif FILE");
        }
        if (a.flag("apply") || a.flag("plan")) {
            throw new UsageException("--whatif predicts a deployment: --plan and --apply are for the current state");
        }
        // Read every what-if file before touching Azure: bad input fails fast and offline.
        List<WhatIfResult> results = new ArrayList<>();
        for (String file : files) {
            Path p = Inputs.existing(file, "what-if result");
            if (Files.isDirectory(p)) {
                throw new UsageException(file + ": is a directory, expected the JSON of a what-if result");
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(p);
            } catch (IOException e) {
                throw new UsageException(file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
            }
            try {
                results.add(WhatIfParser.parse(bytes, file));
            } catch (WhatIfInputException e) {
                throw new UsageException(e.getMessage());
            }
        }
        Estate current;
        if (a.single("snapshot").isPresent()) {
            try {
                current = SnapshotLoader.load(Inputs.existing(a.required("snapshot"), "snapshot"));
            } catch (SnapshotException e) {
                throw new UsageException(e.getMessage());
            }
        } else {
            current = LiveCheck.currentEstate(a, config, clock, err);
        }
        WhatIfVerdict verdict;
        try {
            verdict = new WhatIfCheck(RuleEngine.withCatalog()).check(config, current, results, LocalDate.now(clock));
        } catch (WhatIfInputException e) {
            throw new UsageException(e.getMessage());
        }
        for (String why : verdict.prediction().unpredictable()) {
            err.println("dlp-guard: warning: " + why + ": findings the prediction could change are unknown");
        }
        for (String disagreement : verdict.prediction().warnings()) {
            err.println("dlp-guard: warning: " + disagreement + " (is the current state older than what Azure saw?"
                    + " introduced / pre-existing may be off; the predicted state is Azure's)");
        }
        boolean newOnly = a.flag("new-only");
        out.print(switch (format) {
            case TEXT -> WhatIfReportRenderer.text(verdict, newOnly, a.flag("verbose"));
            case JSON -> WhatIfReportRenderer.json(verdict, newOnly);
            case SARIF -> WhatIfReportRenderer.sarif(verdict, RuleCatalog.all(), Output.VERSION);
        });
        out.flush();
        return verdict.fails(newOnly) ? Main.VIOLATIONS : Main.OK;
    }
}
