import ArgumentParser
import DriftMetrics
import DriftMonitor
import Foundation
import HTMLViews
import MLOpsStore
import MLOpsTime
import ModelRegistry
import ModelRuntime
import RolloutControl
import TabularData
import Training

/// `mlops drift record`: counts a batch of current rows (and the model's scores on them) into a
/// registered version's live drift counts, as the prediction server does for its traffic.
struct DriftRecordCommand: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Count current rows into a model version's live drift counts in the store.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Model reference: ctr@champion, ctr/3, or ctr (its champion).") var model: String
    @Option(help: "Current CSV (header row; columns matched by feature name).", completion: .file()) var data: String
    @Option(help: "When the rows were seen: Unix ms, ISO 8601, or a duration back from now (default: now).") var at: String = "now"
    @Option(help: "Window length, e.g. 1h (default) or 15m.") var window: String = "1h"
    @Flag(help: "Print machine-readable JSON.") var json = false
    @OptionGroup var columns: ColumnRoleOptions

    func validate() throws {
        guard let seconds = TimeArgument.seconds(window), seconds <= DriftCountStore.longestWindowSeconds else {
            throw ValidationError("--window '\(window)' is not a duration from 1s to 1d, such as 1h or 15m")
        }
    }

    func run() throws {
        let context = try CommandContext(global)
        let loaded = try LiveDrift.load(model, registry: context.registry)
        let profile = try LiveDrift.profile(of: loaded)
        let table = try ColumnTable.read(path: data)
        let counter = LiveDriftCounter(profile: profile, stripes: 1)
        let roles = columns.roles
        let excluded = Set(roles.exclude)
        for (index, name) in profile.featureNames.enumerated() where !excluded.contains(name) {
            guard let column = table.column(name) else { continue }
            switch column {
            case .numeric(let values): counter.record(column: values, feature: index)
            case .text(let texts): counter.record(texts: texts, feature: index)
            }
            if let unseen = loaded.model.unseenCategories(feature: name, in: column) {
                counter.record(modelUnseen: unseen, feature: index)
            }
        }
        let missing = profile.featureNames.filter { table.column($0) == nil }
        var scored = 0
        if profile.score != nil, missing.isEmpty {
            let read = try CSVReader.read(path: data, options: try loaded.model.csvOptions(labelColumn: nil, skipBadRows: true, roles: roles))
            let scores = loaded.model.predict(read.dataset)
            counter.record(scores: scores.map(Double.init))
            scored = scores.count
        }
        let version = loaded.version!
        let at = try TimeArgument.instant(self.at, option: "--at", now: Clock.nowMilliseconds())
        let windowSeconds = TimeArgument.seconds(window)!
        let flusher = DriftFlusher(
            counter: counter, store: DriftCountStore(database: context.database),
            model: version.model, version: version.version, windowSeconds: windowSeconds)
        try flusher.flush(now: at)
        let windowStart = DriftFlusher.windowStart(of: at, windowSeconds: windowSeconds)
        if json {
            try Output.json(
                RecordOutput(
                    model: version.model, version: version.version, rows: table.rowCount, scored: scored,
                    windowStart: Clock.iso8601(milliseconds: windowStart), absentFeatures: missing))
        } else {
            Output.line(
                "counted \(table.rowCount) rows (\(scored) scored) for \(version.reference) in the window from \(Clock.iso8601(milliseconds: windowStart))"
            )
            if !missing.isEmpty { Output.line("absent features (not counted, rows not scored): \(missing.joined(separator: ", "))") }
        }
    }

    struct RecordOutput: Encodable {
        let model: String
        let version: Int
        let rows: Int
        let scored: Int
        let windowStart: String
        let absentFeatures: [String]

        enum CodingKeys: String, CodingKey {
            case model, version, rows, scored
            case windowStart = "window_start"
            case absentFeatures = "absent_features"
        }
    }
}

/// `mlops drift report`: drift of a registered version's live counts over a time range against
/// the reference profile archived with it.
struct DriftReportCommand: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Drift of a model version's live counts since a time, against its archived profile. Exit 0 whatever the verdict unless --fail-on.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Model reference: ctr@champion, ctr/3, or ctr (its champion).") var model: String
    @Option(help: "Start of the range: a duration back from now (7d, 24h), Unix ms or ISO 8601.") var since: String = "7d"
    @Option(help: "End of the range (exclusive): 'now' (default), Unix ms or ISO 8601.") var until: String = "now"
    @Option(help: "PSI from which a feature is moderate (default: the model's drift.moderate tag, else 0.1).") var moderate: Double?
    @Option(help: "PSI from which a feature is significant (default: the model's drift.significant tag, else 0.25).") var significant: Double?
    @Option(help: "Exit 3 when the overall verdict is at least this: moderate or significant.") var failOn: Verdict?
    @Flag(help: "Print machine-readable JSON.") var json = false
    @Option(help: "Also write the report as one self-contained HTML page.", completion: .file()) var html: String?
    @Flag(help: "One line per stored window (rows, max PSI, worst feature, verdict) instead of the summed report.") var byWindow = false
    @Flag(help: "With --html: add the model's latest canary rollout (weight over time, decision log) to the page.") var withRollout = false

    func run() throws {
        let context = try CommandContext(global)
        let loaded = try LiveDrift.load(model, registry: context.registry)
        let profile = try LiveDrift.profile(of: loaded)
        let version = loaded.version!
        let now = Clock.nowMilliseconds()
        let from = try TimeArgument.instant(since, option: "--since", now: now)
        let to = try TimeArgument.instant(until, option: "--until", now: now) + (until == "now" ? 1 : 0)
        guard from < to else { throw ValidationError("--since must be before --until") }
        let service = LiveDriftService(registry: context.registry)
        let thresholds = try LiveDrift.thresholds(model: version.model, service: service, moderate: moderate, significant: significant)
        if byWindow {
            return try printWindows(service: service, version: version, profile: profile, from: from, to: to, thresholds: thresholds)
        }
        guard
            let summary = try service.report(
                model: version.model, version: version.version, profile: profile, from: from, to: to,
                thresholds: thresholds)
        else {
            throw CLIFailure(
                "no live drift counts for \(version.reference) between \(Clock.iso8601(milliseconds: from)) and \(Clock.iso8601(milliseconds: to)): nothing was recorded (mlops drift record, or predictions through mlops serve)"
            )
        }
        let report = summary.report
        let range = "\(Clock.iso8601(milliseconds: from)) to \(Clock.iso8601(milliseconds: to))"
        if let html {
            var page = DriftHTMLReport.Context(
                title: "Drift report — \(version.reference)",
                subtitle: "Live traffic (\(summary.rows) rows in the windows overlapping \(range)) against the training profile",
                generatedAt: UTCTime.minutes(milliseconds: Clock.nowMilliseconds()), referenceLabel: "training", currentLabel: "live")
            if withRollout, let (rollout, events) = try RolloutController(registry: context.registry).status(model: version.model, events: 500) {
                page.appendix = RolloutTimelineHTML.section(rollout, events: events)
            }
            try DriftData.writeHTML(report, to: html, context: page)
        }
        if json {
            try Output.json(report)
        } else {
            Output.line("\(version.reference): windows overlapping \(range)")
            DriftData.printTable(report, rows: summary.rows)
            if let html { Output.line("wrote \(html)") }
        }
        if let failOn, report.overall.verdict >= failOn { throw ExitCode(3) }
    }
}

extension DriftReportCommand {
    /// The drift of each stored window on its own: PSI over time.
    func printWindows(
        service: LiveDriftService, version: ModelVersion, profile: Profile, from: Int64, to: Int64,
        thresholds: DriftThresholds
    ) throws {
        let windows = try service.windows(
            model: version.model, version: version.version, profile: profile, from: from, to: to,
            thresholds: thresholds)
        let rows = windows.map { window in
            let report = window.report
            return WindowLine(
                windowStart: Clock.iso8601(milliseconds: window.start), rows: window.counts.rows,
                maxPSI: report.overall.maxPSI, worstFeature: report.overall.worstFeature,
                verdict: report.overall.verdict, triggersRetraining: report.overall.triggersRetraining,
                scorePSI: report.score?.psi)
        }
        if json { return try Output.json(rows) }
        Output.table(
            ["WINDOW", "ROWS", "MAX PSI", "WORST", "VERDICT", "SCORE PSI"],
            rows.map { line in
                [
                    line.windowStart, String(line.rows), String(format: "%.4f", line.maxPSI), line.worstFeature ?? "-",
                    line.verdict.rawValue + (line.triggersRetraining ? " (retrain)" : ""), line.scorePSI.map { String(format: "%.4f", $0) } ?? "-",
                ]
            })
    }

    struct WindowLine: Encodable {
        let windowStart: String
        let rows: Int
        let maxPSI: Double
        let worstFeature: String?
        let verdict: Verdict
        let triggersRetraining: Bool
        let scorePSI: Double?

        enum CodingKeys: String, CodingKey {
            case windowStart = "window_start"
            case rows
            case maxPSI = "max_psi"
            case worstFeature = "worst_feature"
            case verdict
            case triggersRetraining = "triggers_retraining"
            case scorePSI = "score_psi"
        }
    }
}

/// What the live drift commands share: loading a registered version with its profile, thresholds.
enum LiveDrift {
    /// A registry reference (a bare name means its champion), loaded with its profile.
    static func load(_ argument: String, registry: Registry) throws -> ModelLoader.Loaded {
        let reference = argument.contains("@") || argument.contains("/") ? argument : "\(argument)@champion"
        _ = try ModelReference(parsing: reference)
        return try ModelLoader.load(reference) { registry }
    }

    static func profile(of loaded: ModelLoader.Loaded) throws -> Profile {
        guard let profile = loaded.profile else {
            throw CLIFailure(
                "\(loaded.source) has no drift profile (profile.json): versions trained by this mlops carry one; add one with mlops profile build and register the directory again"
            )
        }
        return profile
    }

    /// Thresholds: the options, else the model's `drift.moderate` / `drift.significant` tags, else 0.1 / 0.25.
    static func thresholds(model: String, service: LiveDriftService, moderate: Double?, significant: Double?) throws -> DriftThresholds {
        do {
            return try service.thresholds(model: model, moderate: moderate, significant: significant)
        } catch let invalid as DriftThresholdError {
            throw ValidationError(invalid.description)
        }
    }
}
