import CanaryRollout
import DriftMetrics
import DriftMonitor
import ExternalModels
import ModelRegistry
import ModelRuntime
import RolloutControl
import Synchronization
import TabularData

/// One registered version loaded into memory, ready to answer: the model (or, for an
/// `external` version, the client of the upstream that answers for it), its feature order, and
/// the live drift counter of its profile (when it has one).
public final class ServedVersion: Sendable {
    /// `ctr/3`.
    public let model: String
    public let version: Int
    /// The model, for a version that answers in memory (nil for an external one).
    let trained: TrainedModel?
    /// The upstream, for an external version.
    let upstream: UpstreamClient?
    /// Feature names in the order the model reads them.
    public let featureNames: [String]
    let featureIndex: [String: Int]
    /// For each profile feature, its position in the model's row (nil when the model lacks it).
    let profilePositions: [Int?]
    let drift: DriftFlusher?
    /// The profile of the model's score (for the score-PSI guardrail of rollouts).
    let scoreProfile: NumericProfile?
    /// Positions of the features the model reads as categories.
    let categoricalPositions: Set<Int>
    /// Re-codes category values into the model's codes (tree models; nil otherwise).
    let categories: (any CategoryCoding)?

    /// `store` nil: no live drift counting (a version answering by number, not being served).
    convenience init(model: String, version: Int, loaded: ModelLoader.Loaded, drift store: DriftCountStore?, windowSeconds: Int) {
        let names =
            loaded.model.featureNames.isEmpty
            ? (0..<loaded.model.featureCount).map { "f\($0)" } : loaded.model.featureNames
        self.init(
            model: model, version: version, trained: loaded.model, upstream: nil, featureNames: names,
            categorical: Set(loaded.model.categoricalFeatureNames), categories: loaded.model.categoryCoding, profile: loaded.profile,
            drift: store, windowSeconds: windowSeconds)
    }

    /// An external version: `upstream` answers for it.
    convenience init(model: String, version: Int, upstream: UpstreamClient, profile: Profile?, drift store: DriftCountStore?, windowSeconds: Int) {
        self.init(
            model: model, version: version, trained: nil, upstream: upstream, featureNames: upstream.spec.features.map(\.name),
            categorical: Set(upstream.spec.categoricalFeatures), categories: nil, profile: profile, drift: store,
            windowSeconds: windowSeconds)
    }

    private init(
        model: String, version: Int, trained: TrainedModel?, upstream: UpstreamClient?, featureNames names: [String],
        categorical: Set<String>, categories: (any CategoryCoding)?, profile: Profile?, drift store: DriftCountStore?, windowSeconds: Int
    ) {
        self.model = model
        self.version = version
        self.trained = trained
        self.upstream = upstream
        self.featureNames = names
        var index: [String: Int] = [:]
        for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
        self.featureIndex = index
        categoricalPositions = Set(names.indices.filter { categorical.contains(names[$0]) })
        self.categories = categories
        if case .numeric(let score)? = profile?.score { scoreProfile = score } else { scoreProfile = nil }
        if let profile, let store {
            profilePositions = profile.featureNames.map { index[$0] }
            drift = DriftFlusher(
                counter: LiveDriftCounter(profile: profile), store: store, model: model, version: version,
                windowSeconds: windowSeconds)
        } else {
            profilePositions = []
            drift = nil
        }
    }

    /// Whether an upstream answers for this version (it is scored with `score`, not `predict`).
    var isExternal: Bool { upstream != nil }

    /// The flavor shown in metadata.
    var flavor: String { trained?.flavor ?? ExternalModel.flavor }

    /// `model/version`.
    public var reference: String { "\(model)/\(version)" }

    /// Scores rows (row-major, `featureNames.count` wide; NaN = missing; categories re-coded
    /// into this model's codes, unseen ones answered on the not-in-set side) and counts them
    /// into the drift counter, categories by their text. A string for a feature this model
    /// reads as a number scores NaN (a failing arm).
    func predict(_ rows: RequestRows) -> [Float] {
        guard let trained else { return [Float](repeating: .nan, count: rows.count) }
        let width = featureNames.count
        let count = rows.count
        var scores = [Float](repeating: 0, count: count)
        var row = [Float](repeating: 0, count: width)
        // Per feature, rows whose category this model has no code for (new to the model).
        var newToModel = [Int](repeating: 0, count: categories == nil ? 0 : width)
        row.withUnsafeMutableBufferPointer { buffer in
            for r in 0..<count {
                var refused = false
                for f in 0..<width {
                    let cell = r * width + f
                    if let categories, categories.isCategorical(f) {
                        let code = rows.text(cell).map { categories.code(f, $0) } ?? categories.code(f, number: rows.values[cell])
                        if code == CategoryCodes.unseen { newToModel[f] += 1 }
                        buffer[f] = code
                    } else {
                        if rows.text(cell) != nil { refused = true }
                        buffer[f] = Float(rows.values[cell])
                    }
                }
                scores[r] = refused ? .nan : trained.predictOne(row: UnsafeBufferPointer(buffer))
            }
        }
        countDrift(rows, scores: scores, newToModel: newToModel)
        return scores
    }

    /// Scores rows with the upstream (an external version; local ones answer as `predict`
    /// does) and counts them into the drift counter; throws when the upstream fails.
    func score(_ rows: RequestRows) async throws(ExternalModelError) -> [Float] {
        guard let upstream else { return predict(rows) }
        let scores = try await upstream.infer(count: rows.count, values: rows.values, texts: rows.texts)
        countDrift(rows, scores: scores, newToModel: [])
        return scores
    }

    /// Counts scored rows into the drift counter, categories by their text.
    private func countDrift(_ rows: RequestRows, scores: [Float], newToModel: [Int]) {
        let width = featureNames.count
        let count = rows.count
        if let drift {
            var values = [Double](repeating: .nan, count: profilePositions.count)
            var texts = [String?](repeating: nil, count: profilePositions.count)
            for r in 0..<count {
                for (f, position) in profilePositions.enumerated() {
                    values[f] = position.map { rows.values[r * width + $0] } ?? .nan
                    texts[f] = position.flatMap { rows.text(r * width + $0) }
                }
                drift.counter.record(row: values, texts: rows.texts == nil ? nil : texts, score: Double(scores[r]))
            }
            for (f, position) in profilePositions.enumerated() {
                if let position, position < newToModel.count { drift.counter.record(modelUnseen: newToModel[position], feature: f) }
            }
        }
    }
}

/// What the server answers with for one model: its champion and, during a rollout, its
/// challenger and the rollout (plan and state as of the last sync).
public struct ServedModel: Sendable {
    public let name: String
    public let champion: ServedVersion
    public let challenger: ServedVersion?
    public var rollout: Rollout? = nil

    /// The version serving `arm`.
    func version(_ arm: Arm) -> ServedVersion { arm == .challenger ? (challenger ?? champion) : champion }

    /// Whether an upstream answers for the champion or the challenger (then predictions take
    /// the async path, not the event-loop fast path).
    var hasExternalArm: Bool { champion.isExternal || challenger?.isExternal == true }
}

/// The served models, swapped as a whole when the registry changes (readers never wait).
final class ModelTable: Sendable {
    private let state = Mutex<[String: ServedModel]>([:])

    func model(_ name: String) -> ServedModel? { state.withLock { $0[name] } }

    var all: [ServedModel] { state.withLock { Array($0.values) }.sorted { $0.name < $1.name } }

    func replace(_ models: [String: ServedModel]) { state.withLock { $0 = models } }
}
