import CanaryRollout
import Foundation
import JobQueue
import MLOpsStore
import ModelRegistry
import PipelineSpec
import RolloutControl

/// `canary`: starts the canary rollout of the registered version against the champion (the
/// servers then move traffic 5% → 20% → 100% on evidence). The model's first version has no
/// champion to compare with: it is promoted at once. If this run's rollout already exists (the
/// step ran again), it is kept.
enum CanaryStep {
    static func run(_ plan: RolloutPlan, _ context: StepContext) async throws -> [String: String] {
        guard let version = Int(try context.require("version", producedBy: "register")) else {
            throw PermanentJobFailure("canary: the register step's version is not a number")
        }
        let model = context.run.model
        let environment = context.environment
        return try await Blocking.run { () throws -> [String: String] in
            let registered = try environment.registry.model(model)
            guard let champion = registered.aliases[WellKnownAlias.champion] else {
                _ = try environment.registry.promote(
                    model: model, version: version, actor: context.actor,
                    reason: "first version of \(model), from pipeline run \(context.run.id)")
                context.log.line("\(model) had no champion: \(model)/\(version) promoted directly")
                return ["promoted": String(version)]
            }
            if champion == version {
                context.log.line("\(model)/\(version) is already the champion")
                return ["promoted": String(version)]
            }
            if let (active, _) = try environment.rollouts.status(model: model), active.isActive {
                guard active.challenger == version else {
                    throw PermanentJobFailure("canary: a rollout of \(model)/\(active.challenger) (\(active.id)) is in progress; abort it first")
                }
                context.log.line("rollout \(active.id) of \(model)/\(version) is already running")
                return ["rollout": active.id]
            }
            let rollout = try environment.rollouts.start(model: model, challenger: version, plan: plan, actor: context.actor)
            context.log.line(
                "rollout \(rollout.id): \(model)/\(version) against champion \(champion), steps \(plan.steps.map { RolloutPlan.percent($0) + "%" }.joined(separator: " → "))"
            )
            return ["rollout": rollout.id]
        }
    }
}
