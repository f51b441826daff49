import ArgumentParser
import DriftMetrics
import DriftMonitor
import Foundation
import HTMLViews
import MLOpsTime
import TabularData
import Training

/// `mlops profile build`: a reference profile (bins, counts, categories) from a CSV file.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile", abstract: "Reference profiles for drift.", subcommands: [Build.self])

    struct Build: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Build a profile.json from a CSV file.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Reference CSV.", completion: .file()) var data: String
        @Option(help: "Output profile.json.", completion: .file()) var out: String
        @Option(help: "Quantile bins per numeric feature.") var bins: Int = 10
        @Option(help: "Categories kept per categorical feature (the rest fold into 'other').") var topK: Int = 50
        @Option(name: .customLong("exclude"), help: "Columns to leave out (repeatable, comma-separated; default: label).") var excluded: [String] = [
            "label"
        ]
        @Option(name: .customLong("categorical"), help: "Numeric columns to profile as categories, e.g. codes (repeatable, comma-separated).")
        var categorical: [String] = []

        func validate() throws {
            guard (1...1000).contains(bins) else { throw ValidationError("--bins must be between 1 and 1000") }
            guard topK >= 1 else { throw ValidationError("--top-k must be at least 1") }
        }

        func run() throws {
            let table = try ColumnTable.read(path: data)
            try DriftData.checkColumns(ColumnRoles.names(categorical), in: table, option: "--categorical", file: data)
            let profile = DriftData.profile(
                of: table, bins: bins, topK: topK, excluding: Set(ColumnRoles.names(excluded)), categorical: Set(ColumnRoles.names(categorical)))
            try DriftData.write(profile, to: out)
            Output.line("wrote \(out): \(profile.features.count) features from \(table.rowCount) rows (\(bins) bins)")
        }
    }
}

/// `mlops drift compare`: PSI, KL, JS and CSI of current data against a reference.
struct DriftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drift", abstract: "Measure drift between reference and current data.",
        subcommands: [Compare.self, DriftReportCommand.self, DriftRecordCommand.self, DriftBenchCommand.self])

    struct Compare: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(
            abstract: "Compare a current CSV with a reference CSV or profile. Exit 0 whatever the verdict unless --fail-on.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Reference CSV (used to build the profile unless --profile is given).", completion: .file()) var reference: String?
        @Option(help: "Current CSV.", completion: .file()) var current: String
        @Option(help: "A profile.json to compare against instead of a reference CSV.", completion: .file()) var profile: String?
        @Option(help: "Quantile bins per numeric feature (when building from --reference).") var bins: Int = 10
        @Option(name: .customLong("exclude"), help: "Columns to leave out (repeatable, comma-separated; default: label).") var excluded: [String] = [
            "label"
        ]
        @Option(
            name: .customLong("categorical"),
            help: "Numeric columns to treat as categories, e.g. codes (repeatable, comma-separated; with --reference).")
        var categorical: [String] = []
        @Option(help: "Exit 3 when the overall verdict is at least this: moderate or significant.") var failOn: Verdict?
        @Flag(help: "Print machine-readable JSON.") var json = false
        @Option(help: "Also write the report as one self-contained HTML page.", completion: .file()) var html: String?

        func validate() throws {
            guard profile == nil || categorical.isEmpty else {
                throw ValidationError("--categorical applies when building from --reference; a profile already says which features are categorical")
            }
            guard (reference == nil) != (profile == nil) else { throw ValidationError("give exactly one of --reference and --profile") }
            guard (1...1000).contains(bins) else { throw ValidationError("--bins must be between 1 and 1000") }
        }

        func run() throws {
            let excludedColumns = Set(ColumnRoles.names(excluded))
            let reference: Profile
            if let profile {
                reference = try DriftData.read(profile)
            } else {
                let table = try ColumnTable.read(path: self.reference ?? "")
                try DriftData.checkColumns(ColumnRoles.names(categorical), in: table, option: "--categorical", file: self.reference ?? "")
                reference = DriftData.profile(
                    of: table, bins: bins, topK: ProfileBuilder.defaultTopK, excluding: excludedColumns,
                    categorical: Set(ColumnRoles.names(categorical)))
            }
            let table = try ColumnTable.read(path: current)
            let report = try DriftData.report(profile: reference, current: table, excluding: excludedColumns)
            if let html {
                let referenceName = URL(fileURLWithPath: self.reference ?? profile ?? "").lastPathComponent
                let currentName = URL(fileURLWithPath: current).lastPathComponent
                try DriftData.writeHTML(
                    report, to: html,
                    context: DriftHTMLReport.Context(
                        title: "Drift report — \(currentName)", subtitle: "\(currentName) (\(table.rowCount) rows) against \(referenceName)",
                        generatedAt: UTCTime.minutes(milliseconds: Clock.nowMilliseconds()), referenceLabel: referenceName, currentLabel: currentName)
                )
            }
            if json {
                try Output.json(report)
            } else {
                DriftData.printTable(report, rows: table.rowCount)
                if let html { Output.line("wrote \(html)") }
            }
            if let failOn, report.overall.verdict >= failOn { throw ExitCode(3) }
        }
    }
}

extension Verdict: ExpressibleByArgument {}
