import CanaryRollout
import Foundation

/// One canary rollout as stored: which versions, the plan, and the state any replica picks up.
public struct Rollout: Sendable, Equatable, Encodable {
    public let id: String
    public let model: String
    public let champion: Int
    public let challenger: Int
    public var plan: RolloutPlan
    public var state: RolloutState
    /// Bumped by every change (optimistic check for writers).
    public var revision: Int
    public let createdBy: String
    public let createdAt: Int64
    public var updatedAt: Int64

    enum CodingKeys: String, CodingKey {
        case id, model, champion, challenger, plan, state, revision
        case createdBy = "created_by"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// Running or paused.
    public var isActive: Bool { !state.status.isFinal }
}

/// One entry of a rollout's decision log.
public struct RolloutLogEntry: Sendable, Equatable, Encodable {
    public let id: Int
    public let rolloutID: String
    public let kind: String
    public let fromWeight: Double?
    public let toWeight: Double?
    public let actor: String
    /// The numbers behind it (the decision evidence, or the reason given), as JSON text.
    public let detail: String
    public let at: Int64

    enum CodingKeys: String, CodingKey {
        case id, kind, actor, detail, at
        case rolloutID = "rollout_id"
        case fromWeight = "from_weight"
        case toWeight = "to_weight"
    }
}

/// Why a rollout operation was refused.
public enum RolloutControlError: Error, CustomStringConvertible, Equatable {
    case noChampion(model: String)
    case sameVersion(model: String, version: Int)
    case alreadyActive(model: String, id: String)
    case noActiveRollout(model: String)
    case notAllowed(model: String, status: String, action: String)
    case conflict(id: String)

    public var description: String {
        switch self {
        case .noChampion(let model): "model \(model) has no champion to compare against (promote a version first)"
        case .sameVersion(let model, let version): "\(model)/\(version) is already the champion"
        case .alreadyActive(let model, let id): "model \(model) already has an unfinished rollout (\(id)); pause, promote or abort it first"
        case .noActiveRollout(let model): "model \(model) has no running or paused rollout"
        case .notAllowed(let model, let status, let action): "cannot \(action) the rollout of \(model): it is \(status)"
        case .conflict(let id): "rollout \(id) changed while this change was being made; try again"
        }
    }
}
