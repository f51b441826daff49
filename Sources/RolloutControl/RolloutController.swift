import CanaryRollout
import Foundation
import Logging
import MLOpsStore
import ModelRegistry

/// Starts, steers and decides canary rollouts over the registry: the same operations for the
/// CLI, the HTTP API and the servers' decision loop. The challenger is the registry alias
/// `challenger` while a rollout runs; promotion goes through `Registry.promote` (the old
/// champion becomes `previous`), so promotions by hand and by rollout share one history.
public struct RolloutController: Sendable {
    public let registry: Registry
    let logger: Logger

    public init(registry: Registry, logger: Logger = Logger(label: "mlops.rollout")) {
        self.registry = registry
        self.logger = logger
    }

    var database: SQLDatabase { registry.database }

    /// Seconds since the Unix epoch (the rollout clock).
    public static func now() -> Double { Date().timeIntervalSince1970 }

    /// Starts a rollout of `challenger` against the current champion of `model`.
    @discardableResult
    public func start(model: String, challenger: Int, plan: RolloutPlan, actor: String) throws -> Rollout {
        try plan.validate()
        let registered = try registry.model(model)
        guard let champion = registered.aliases[WellKnownAlias.champion] else { throw RolloutControlError.noChampion(model: model) }
        guard champion != challenger else { throw RolloutControlError.sameVersion(model: model, version: challenger) }
        let version = try registry.resolve(ModelReference(model: model, selector: .version(challenger)))
        guard version.status == .ready else { throw RegistryError.versionArchived(model: model, version: challenger) }
        let now = Self.now()
        let salt = UUID().uuidString.lowercased()
        let rollout = Rollout(
            id: "ro-" + salt.prefix(12), model: model, champion: champion, challenger: challenger, plan: plan,
            state: try RolloutState(plan: plan, salt: salt, now: now), revision: 1, createdBy: actor,
            createdAt: Int64(now * 1000), updatedAt: Int64(now * 1000))
        try database.transaction { connection in
            let store = RolloutStore(connection: connection)
            if let active = try store.active(model: model) { throw RolloutControlError.alreadyActive(model: model, id: active.id) }
            try store.insert(rollout)
            try store.addEvent(
                rolloutID: rollout.id, model: model, kind: "started", from: nil, to: plan.steps[0], actor: actor,
                detail: try RolloutStore.json(plan), at: rollout.createdAt)
        }
        do {
            try registry.setAlias(
                model: model, alias: WellKnownAlias.challenger, version: challenger, actor: actor,
                reason: "canary rollout \(rollout.id)")
        } catch {
            _ = try? change(model: model, actor: actor, kind: "aborted", reason: "could not set the challenger alias: \(error)") {
                $0.abort(now: Self.now())
            }
            throw error
        }
        logger.notice("rollout started", metadata: ["model": "\(model)", "rollout": "\(rollout.id)", "challenger": "\(challenger)"])
        return rollout
    }

    /// The active rollout of `model`, else its latest one; with its most recent events.
    public func status(model: String, events: Int = 50) throws -> (rollout: Rollout, events: [RolloutLogEntry])? {
        try database.withConnection { connection in
            let store = RolloutStore(connection: connection)
            guard let rollout = try store.active(model: model) ?? store.latest(model: model) else { return nil }
            return (rollout, try store.events(rolloutID: rollout.id, limit: events))
        }
    }

    /// Every running or paused rollout.
    public func active() throws -> [Rollout] {
        try database.withConnection { try RolloutStore(connection: $0).allActive() }
    }

    public func pause(model: String, actor: String, reason: String? = nil) throws -> Rollout {
        try change(model: model, actor: actor, kind: "paused", reason: reason, requires: .running) { $0.pause() }
    }

    public func resume(model: String, actor: String, reason: String? = nil) throws -> Rollout {
        try change(model: model, actor: actor, kind: "resumed", reason: reason, requires: .paused) { $0.resume() }
    }

    /// Stops the rollout: all traffic back to the champion, the challenger alias removed.
    public func abort(model: String, actor: String, reason: String? = nil) throws -> Rollout {
        let rollout = try change(model: model, actor: actor, kind: "aborted", reason: reason) { $0.abort(now: Self.now()) }
        try reconcile(rollout, actor: actor)
        return rollout
    }

    /// Promotes the challenger now, whatever the step (an operator's call): champion moves,
    /// `previous` keeps the old one.
    public func promote(model: String, actor: String, reason: String? = nil) throws -> Rollout {
        let rollout = try change(model: model, actor: actor, kind: "promoted", reason: reason ?? "promoted by hand") { state in
            state.status = .promoted
            state.weightPercent = 100
            state.endedAt = Self.now()
        }
        try reconcile(rollout, actor: actor)
        return rollout
    }

    /// A manual state change of the active rollout under its row lock, with its event.
    func change(
        model: String, actor: String, kind: String, reason: String?, requires: RolloutStatus? = nil,
        _ mutate: (inout RolloutState) -> Void
    ) throws -> Rollout {
        try database.transaction { connection in
            let store = RolloutStore(connection: connection)
            guard var rollout = try store.active(model: model) else { throw RolloutControlError.noActiveRollout(model: model) }
            if let requires, rollout.state.status != requires {
                throw RolloutControlError.notAllowed(
                    model: model, status: rollout.state.status.rawValue, action: kind.replacingOccurrences(of: "ed", with: ""))
            }
            try store.lock(rollout.id)
            let before = rollout.state.weightPercent
            mutate(&rollout.state)
            rollout.revision += 1
            rollout.updatedAt = Int64(Self.now() * 1000)
            try store.update(rollout)
            try store.addEvent(
                rolloutID: rollout.id, model: model, kind: kind, from: before, to: rollout.state.weightPercent,
                actor: actor, detail: try RolloutStore.json(["reason": reason ?? ""]), at: rollout.updatedAt)
            return rollout
        }
    }

    /// Makes the registry agree with a finished rollout (idempotent; run again after a crash):
    /// promoted → the challenger is champion; every final state → no `challenger` alias.
    public func reconcile(_ rollout: Rollout, actor: String) throws {
        guard rollout.state.status.isFinal else { return }
        var current = try registry.model(rollout.model)
        if rollout.state.status == .promoted, current.aliases[WellKnownAlias.champion] != rollout.challenger {
            try registry.promote(
                model: rollout.model, version: rollout.challenger, actor: actor,
                reason: "canary rollout \(rollout.id) passed")
            current = try registry.model(rollout.model)
        }
        if current.aliases[WellKnownAlias.challenger] == rollout.challenger {
            try registry.deleteAlias(
                model: rollout.model, alias: WellKnownAlias.challenger, actor: actor,
                reason: "canary rollout \(rollout.id) \(rollout.state.status.rawValue)")
        }
    }
}
