package com.dlpguard.cli;

import com.dlpguard.report.JsonReportRenderer;
import com.dlpguard.report.Report;
import com.dlpguard.report.SarifReportRenderer;
import com.dlpguard.report.TextReportRenderer;
import com.dlpguard.rules.RuleCatalog;

import java.io.PrintStream;

final class Output {
    static final String VERSION = Output.class.getPackage().getImplementationVersion() == null
            ? "dev" : Output.class.getPackage().getImplementationVersion();

    private Output() {
    }

    static void print(Report report, OutputFormat format, boolean verbose, PrintStream out) {
        out.print(switch (format) {
            case TEXT -> TextReportRenderer.render(report, verbose);
            case JSON -> JsonReportRenderer.render(report);
            case SARIF -> SarifReportRenderer.render(report, RuleCatalog.all(), VERSION);
        });
        out.flush();
    }
}
