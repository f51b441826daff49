import ArgumentParser
import Foundation
import MLOpsTime
import PerformanceMonitor

/// `mlops performance`: realized performance of served models from the prediction log and feedback.
struct PerformanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "performance", abstract: "Realized performance (log loss, AUC, calibration) of served models over time.",
        subcommands: [PerformanceReportCommand.self, PerformanceFoldCommand.self, PerformanceBaselineCommand.self])
}

/// The fold's lag behind now: `MLOPS_PERFORMANCE_LAG` (a duration such as `5m`, or `0s`).
enum PerformanceOptions {
    static func lagFromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Int64 {
        guard let text = environment["MLOPS_PERFORMANCE_LAG"], !text.isEmpty else { return PerformanceAggregator.defaultLagMilliseconds }
        return try lag(text, option: "MLOPS_PERFORMANCE_LAG")
    }

    static func lag(_ text: String, option: String) throws -> Int64 {
        guard let seconds = DurationText.parseDuration(text) else {
            throw ValidationError("\(option) '\(text)' is not \(DurationText.examples) (0s for no lag)")
        }
        return seconds * 1000
    }
}

struct PerformanceReportCommand: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Log loss, AUC, calibration and label coverage per version and arm, against each version's holdout baseline.",
        discussion:
            "Counts come from the periodic fold (the scheduler enqueues it every 5 minutes; `mlops performance fold` runs one by hand); the report says how far it has counted."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "ctr (every version with traffic in the range), ctr/3 or ctr@champion.") var model: String
    @Option(help: "Start of the range: a duration back from now (7d, 24h), Unix ms or ISO 8601.") var since: String = "7d"
    @Option(help: "End of the range (exclusive): 'now' (default), Unix ms or ISO 8601.") var until: String = "now"
    @Flag(help: "Also one line per hourly window.") var byWindow = false
    @Option(help: "The alarm's degradation worth acting on, nats of log loss per impression.") var degrade: Double = 0.02
    @Flag(help: "Print machine-readable JSON.") var json = false

    func run() throws {
        let context = try CommandContext(global)
        let now = Clock.nowMilliseconds()
        let from = try TimeArgument.instant(since, option: "--since", now: now)
        let to = try TimeArgument.instant(until, option: "--until", now: now) + (until == "now" ? 1 : 0)
        guard from < to else { throw ValidationError("--since must be before --until") }
        guard degrade > 0, degrade.isFinite else { throw ValidationError("--degrade must be a positive number") }
        let report = try PerformanceReport.build(
            registry: context.registry, reference: model, from: from, to: to, byWindow: byWindow, degrade: degrade)
        if json { return try Output.json(report) }
        Output.line(
            "\(report.model): windows from \(report.from) to \(report.to); counted until \(report.foldedUntil ?? "never (no fold has run yet)")")
        guard !report.series.isEmpty else {
            Output.line("no counted traffic in this range")
            return
        }
        Output.table(
            [
                "VERSION", "ARM", "ROWS", "LABELLED", "LOG LOSS", "BASELINE", "AUC (± max error)", "BASELINE", "CALIBRATION", "EST. LOG LOSS",
                "EST. AUC",
            ],
            report.series.map { s in
                let t = s.totals
                return [
                    "\(s.version)" + (s.aliases.isEmpty ? "" : " @" + s.aliases.joined(separator: ",@")), s.arm, String(t.rows),
                    "\(t.labelled) (\(Self.percent(t.labelCoverage)))", Self.fixed(t.logLoss), Self.fixed(s.baseline?.logLoss),
                    t.auc.map { String(format: "%.4f ± %.4f", $0, t.aucMaxError ?? 0) } ?? "-", Self.fixed(s.baseline?.auc),
                    Self.fixed(t.calibration, 3), Self.fixed(t.estimatedLogLoss), Self.fixed(t.estimatedAUC),
                ]
            })
        for s in report.series {
            if let alarm = s.alarm {
                let interval = alarm.lower.map { String(format: "live − baseline in [%.4f, %.4f]", $0, alarm.upper ?? .nan) } ?? "no look yet"
                Output.line("v\(s.version) \(s.arm): alarm \(alarm.state.rawValue) (δ \(degrade), \(alarm.labelled) labelled rows; \(interval))")
            } else {
                Output.line("v\(s.version) \(s.arm): \(s.baselineNote ?? "no holdout baseline")")
            }
        }
        guard byWindow else { return }
        for s in report.series {
            Output.line("")
            Output.line("v\(s.version) \(s.arm), hourly:")
            Output.table(
                ["WINDOW", "ROWS", "LABELLED", "LOG LOSS", "AUC", "CALIBRATION", "MEAN PREDICTION"],
                (s.windows ?? []).map { w in
                    let m = w.metrics
                    return [
                        w.start, String(m.rows), String(m.labelled), Self.fixed(m.logLoss), Self.fixed(m.auc), Self.fixed(m.calibration, 3),
                        Self.fixed(m.meanPrediction),
                    ]
                })
        }
    }

    static func fixed(_ value: Double?, _ digits: Int = 4) -> String { value.map { String(format: "%.\(digits)f", $0) } ?? "-" }
    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "-" }
}

struct PerformanceFoldCommand: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "fold", abstract: "Count what the prediction log and feedback completed since the last fold (the scheduler's job, by hand).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Stay this far behind now, so predictions still being flushed are not missed (default: MLOPS_PERFORMANCE_LAG, else 5m).")
    var lag: String?
    @Flag(help: "Print machine-readable JSON.") var json = false

    func run() throws {
        let context = try CommandContext(global)
        let lagMilliseconds = try lag.map { try PerformanceOptions.lag($0, option: "--lag") } ?? PerformanceOptions.lagFromEnvironment()
        let result = try PerformanceAggregator(database: context.database, lagMilliseconds: lagMilliseconds).fold(now: Clock.nowMilliseconds())
        if json { return try Output.json(result) }
        Output.line(
            "folded \(result.predictions) predictions and \(result.labels) labels; counted until \(UTCTime.iso8601(result.to / 1000))")
    }
}
