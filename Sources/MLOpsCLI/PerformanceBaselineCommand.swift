import ArgumentParser
import Foundation
import MLOpsTime
import ModelRegistry
import PerformanceMonitor

/// `mlops performance baseline ctr/3 --from-live 7d | --log-loss X [--auc Y] | --clear`: the
/// baseline the report and the alarm compare with, for a version without holdout metrics.
struct PerformanceBaselineCommand: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Set a version's performance baseline: from its own live traffic, or a given log loss (and AUC); or clear it.",
        discussion:
            "A version registered without logloss/auc metrics has no alarm until it has a baseline. A baseline set here takes precedence over the registration metrics; --clear brings them back."
    )
    @OptionGroup var global: GlobalOptions
    @Argument(help: "ctr/3 or ctr@champion.") var model: String
    @Option(help: "Use the version's realized log loss and AUC over this far back from now (7d, 24h), every arm together.") var fromLive: String?
    @Option(help: "The log-loss baseline (nats per impression).") var logLoss: Double?
    @Option(help: "The AUC baseline.") var auc: Double?
    @Flag(help: "Remove the baseline set here (the registration metrics apply again).") var clear = false
    @Flag(help: "Print machine-readable JSON.") var json = false

    func validate() throws {
        let modes = [fromLive != nil, logLoss != nil || auc != nil, clear].filter { $0 }.count
        guard modes == 1 else { throw ValidationError("give exactly one of --from-live, --log-loss/--auc or --clear") }
    }

    func run() throws {
        let context = try CommandContext(global)
        let version = try context.registry.resolve(model)
        let baselines = PerformanceBaselines(database: context.database)
        let target = "\(version.model)/\(version.version)"
        if clear {
            let removed = try baselines.clear(model: version.model, version: version.version)
            return Output.line(removed ? "\(target): baseline cleared (registration metrics apply)" : "\(target) had no baseline set by hand")
        }
        let now = Clock.nowMilliseconds()
        let baseline: PerformanceBaselines.Stored
        if let fromLive {
            let from = try TimeArgument.instant(fromLive, option: "--from-live", now: now)
            baseline = try baselines.fromLive(
                model: version.model, version: version.version, from: from, to: now + 1, actor: global.resolvedActor, now: now)
        } else {
            baseline = PerformanceBaselines.Stored(logLoss: logLoss, auc: auc, source: "given by hand", setBy: global.resolvedActor, setAt: now)
        }
        try baselines.set(model: version.model, version: version.version, baseline: baseline)
        if json { return try Output.json(baseline) }
        Output.line(
            "\(target): baseline log loss \(PerformanceReportCommand.fixed(baseline.logLoss)), AUC \(PerformanceReportCommand.fixed(baseline.auc)) (\(baseline.source))"
        )
    }
}
