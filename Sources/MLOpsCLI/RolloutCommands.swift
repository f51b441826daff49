import ArgumentParser
import CanaryRollout
import Foundation
import MLOpsStore
import MLOpsTime
import RolloutControl

/// `mlops rollout start|status|pause|resume|promote|abort`: canary rollouts from the command
/// line; running servers pick changes up within their poll interval.
struct RolloutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollout", abstract: "Canary rollouts: champion vs challenger, 5% → 20% → 100%, decided at 95% confidence.",
        subcommands: [Start.self, Status.self, Pause.self, Resume.self, Promote.self, Abort.self])

    struct Start: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Start rolling a challenger version out against the champion.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model name.") var model: String
        @Option(help: "The challenger version.") var challenger: Int
        @Option(help: "Challenger traffic per step, in percent, ending at 100 (default 5,20,100).") var steps: String?
        @Option(help: "Minimum time per step: 30s, 30m, 2h, 1d (default 30m).") var hold: String?
        @Option(help: "Labelled predictions per arm before a step may pass (default 5000).") var minSamples: Int?
        @Option(help: "Primary metric: log_loss (or logloss) or ctr (default log_loss).") var metric: String?
        @Option(help: "Significance level of the sequential test (default 0.05: 95% confidence).") var alpha: Double?
        @Flag(help: "Score the challenger on all traffic without letting it answer.") var shadow = false
        @Flag(help: "Print machine-readable JSON.") var json = false

        /// The plan as written, read as every surface reads one (`RolloutPlan.written`).
        func plan() throws -> RolloutPlan {
            do {
                return try RolloutPlan.written(
                    steps: try steps.map { text throws(RolloutError) in try RolloutPlan.steps(list: text) }, hold: hold,
                    minSamples: minSamples, metric: metric, shadow: shadow, alpha: alpha)
            } catch {
                throw ValidationError(error.description)
            }
        }

        func validate() throws { _ = try plan() }

        func run() throws {
            let plan = try plan()
            let rollout = try RolloutController(registry: try CommandContext(global).registry)
                .start(model: model, challenger: challenger, plan: plan, actor: global.resolvedActor)
            if json { return try Output.json(rollout) }
            let steps = plan.steps.map { RolloutPlan.percent($0) + "%" }.joined(separator: " → ")
            Output.line(
                "started \(rollout.id): \(model)/\(rollout.challenger) against champion \(model)/\(rollout.champion), steps \(steps), "
                    + "hold \(DurationText.format(Int64(plan.holdSeconds))), \(plan.minSamples) labels per arm\(plan.shadow ? ", shadow" : "")")
        }
    }

    struct Status: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Show a model's current (or last) rollout, its evidence and decision log.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model name.") var model: String
        @Flag(help: "Print machine-readable JSON.") var json = false

        func run() throws {
            guard let (rollout, events) = try RolloutController(registry: try CommandContext(global).registry).status(model: model) else {
                throw CLIFailure("model \(model) has never had a rollout")
            }
            let evidence = RolloutDecider.evidence(plan: rollout.plan, state: rollout.state, now: RolloutController.now(), scorePSI: nil)
            if json { return try Output.json(StatusOutput(rollout: rollout, events: events, evidence: evidence)) }
            let s = rollout.state
            Output.line(
                "\(rollout.id): \(model)/\(rollout.challenger) vs champion \(model)/\(rollout.champion) — \(s.status.rawValue), step \(s.stepIndex + 1)/\(rollout.plan.steps.count) at \(s.weightPercent)%"
            )
            func arm(_ name: String, _ a: ArmSummary) -> String {
                "\(name): \(a.labelled) labelled" + (a.mean.map { String(format: ", mean %@ %.5f", rollout.plan.metric.rawValue, $0) } ?? "")
            }
            Output.line(arm("champion", evidence.champion) + "; " + arm("challenger", evidence.challenger))
            Output.line(
                String(
                    format: "p-value %.4f (α %.2f), verdict %@, %.0f s of %.0f s hold", evidence.pValue, evidence.alpha,
                    evidence.verdict.rawValue, evidence.secondsInStep, evidence.holdSeconds))
            Output.table(
                ["AT", "EVENT", "FROM", "TO", "ACTOR"],
                events.map { e in
                    [
                        MLOpsTime.Clock.iso8601(milliseconds: e.at), e.kind, e.fromWeight.map { "\($0)%" } ?? "-",
                        e.toWeight.map { "\($0)%" } ?? "-", e.actor,
                    ]
                })
        }

        struct StatusOutput: Encodable {
            let rollout: Rollout
            let events: [RolloutLogEntry]
            let evidence: DecisionEvidence
        }
    }

    struct Pause: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Pause: traffic stays split, no decision is taken.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model name.") var model: String
        @Option(help: "Why, for the log.") var reason: String?
        func run() throws { try RolloutCommand.act(global, model, "paused") { try $0.pause(model: model, actor: $1, reason: reason) } }
    }

    struct Resume: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Resume a paused rollout.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model name.") var model: String
        @Option(help: "Why, for the log.") var reason: String?
        func run() throws { try RolloutCommand.act(global, model, "resumed") { try $0.resume(model: model, actor: $1, reason: reason) } }
    }

    struct Promote: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Promote the challenger now, whatever the step.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model name.") var model: String
        @Option(help: "Why, for the log and the registry history.") var reason: String?
        func run() throws { try RolloutCommand.act(global, model, "promoted") { try $0.promote(model: model, actor: $1, reason: reason) } }
    }

    struct Abort: ParsableCommand, HasGlobalOptions {
        static let configuration = CommandConfiguration(abstract: "Stop the rollout: all traffic back to the champion.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Model name.") var model: String
        @Option(help: "Why, for the log.") var reason: String?
        func run() throws { try RolloutCommand.act(global, model, "aborted") { try $0.abort(model: model, actor: $1, reason: reason) } }
    }

    static func act(_ global: GlobalOptions, _ model: String, _ verb: String, _ body: (RolloutController, String) throws -> Rollout) throws {
        let rollout = try body(RolloutController(registry: try CommandContext(global).registry), global.resolvedActor)
        Output.line("\(verb) \(rollout.id) of \(model): \(rollout.state.status.rawValue) at \(rollout.state.weightPercent)%")
    }
}
