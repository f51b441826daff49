import DriftMonitor
import ExternalModels
import Foundation
import Logging
import MLOpsStore
import MLOpsTime
import ModelRegistry
import ModelRuntime
import RolloutControl
import Synchronization

/// Keeps the served models in step with the registry: reads the champion and challenger
/// aliases (one small query), loads versions that changed, and swaps the table. Every replica
/// polls, so a promotion or rollback reaches all of them within one poll interval.
final class ModelSync: Sendable {
    let registry: Registry
    let table: ModelTable
    let driftStore: DriftCountStore
    let windowSeconds: Int
    let logger: Logger
    private let status = Mutex<SyncStatus>(SyncStatus())
    /// Versions asked for by number (the v2 protocol's `/versions/{v}`) that are not being
    /// served: loaded on first use, without drift counting, at most `pinnedLimit` kept.
    private let pinned = Mutex<[String: ServedVersion]>([:])
    static let pinnedLimit = 8

    struct SyncStatus: Sendable {
        var loadedOnce = false
        var lastSuccess: ContinuousClock.Instant?
        var lastError: String?
        /// Versions that failed to load, with why (not retried until their alias moves).
        var failedLoads: [String: String] = [:]
    }

    init(registry: Registry, table: ModelTable, driftStore: DriftCountStore, windowSeconds: Int, logger: Logger) {
        self.registry = registry
        self.table = table
        self.driftStore = driftStore
        self.windowSeconds = windowSeconds
        self.logger = logger
    }

    var snapshot: SyncStatus { status.withLock { $0 } }

    /// One look at the registry; loads what changed. Returns the versions retired (to flush).
    @discardableResult
    func sync() throws -> [ServedVersion] {
        let wanted: [(model: String, alias: String, version: Int)]
        do {
            wanted = try registry.database.withConnection { connection in
                try connection.query(
                    "SELECT model, alias, version FROM model_aliases WHERE alias IN ($1, $2) ORDER BY model",
                    [.text(WellKnownAlias.champion), .text(WellKnownAlias.challenger)]
                ).map { (try $0.string("model"), try $0.string("alias"), try $0.int("version")) }
            }
        } catch {
            status.withLock { $0.lastError = "\(error)" }
            throw error
        }
        let rollouts = Dictionary(try RolloutController(registry: registry).active().map { ($0.model, $0) }, uniquingKeysWith: { a, _ in a })
        var champions: [String: Int] = [:]
        var challengers: [String: Int] = [:]
        for row in wanted {
            if row.alias == WellKnownAlias.champion { champions[row.model] = row.version } else { challengers[row.model] = row.version }
        }
        let current = Dictionary(uniqueKeysWithValues: table.all.map { ($0.name, $0) })
        var next: [String: ServedModel] = [:]
        var retired: [ServedVersion] = []
        for (name, championVersion) in champions {
            let served = current[name]
            guard let champion = reuseOrLoad(name, championVersion, served?.champion, served?.challenger) else {
                if let served { next[name] = served }  // keep answering with what we have
                continue
            }
            var challenger: ServedVersion?
            if let challengerVersion = challengers[name], challengerVersion != championVersion {
                challenger = reuseOrLoad(name, challengerVersion, served?.challenger, served?.champion)
            }
            var model = ServedModel(name: name, champion: champion, challenger: challenger)
            if let rollout = rollouts[name], rollout.champion == champion.version, rollout.challenger == challenger?.version {
                model.rollout = rollout
            }
            next[name] = model
        }
        for (name, served) in current {
            let kept = [next[name]?.champion, next[name]?.challenger].compactMap { $0 }
            for old in [served.champion, served.challenger].compactMap({ $0 }) where !kept.contains(where: { $0 === old }) {
                retired.append(old)
            }
        }
        table.replace(next)
        status.withLock {
            $0.loadedOnce = true
            $0.lastSuccess = .now
            $0.lastError = nil
        }
        return retired
    }

    /// Version `version` of `name` for a request that names it: from the cache, or loaded now
    /// (throws `notFound` when it does not exist or is archived).
    func pinnedVersion(_ name: String, _ version: Int) throws -> ServedVersion {
        let key = "\(name)/\(version)"
        if let cached = pinned.withLock({ $0[key] }) { return cached }
        let registered = try registry.resolve(ModelReference(model: name, selector: .version(version)))
        guard registered.status == .ready else { throw APIError.notFound("\(key) is archived") }
        let served = try load(name, version, drift: nil)
        pinned.withLock { cache in
            if cache.count >= Self.pinnedLimit, let evicted = cache.keys.sorted().first { cache[evicted] = nil }
            cache[key] = served
        }
        return served
    }

    /// Loads a version from the registry: its model, or for an `external` version the spec of
    /// the upstream that answers for it (and its drift profile, when it has one).
    private func load(_ name: String, _ version: Int, drift store: DriftCountStore?) throws -> ServedVersion {
        let reference = ModelReference(model: name, selector: .version(version))
        guard try registry.resolve(reference).flavor == ExternalModel.flavor else {
            let loaded = try ModelLoader.load("\(name)/\(version)") { registry }
            return ServedVersion(model: name, version: version, loaded: loaded, drift: store, windowSeconds: windowSeconds)
        }
        let staging = FileManager.default.temporaryDirectory.appendingPathComponent("mlops-external-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: staging) }
        _ = try registry.download(reference, into: staging)
        let spec = try UpstreamSpec.read(directory: staging)
        return ServedVersion(
            model: name, version: version, upstream: UpstreamClient(spec: spec), profile: try ModelLoader.loadProfile(inDirectory: staging),
            drift: store, windowSeconds: windowSeconds)
    }

    /// The served version `version` of `name`: one already in memory, or loaded now.
    private func reuseOrLoad(_ name: String, _ version: Int, _ candidates: ServedVersion?...) -> ServedVersion? {
        if let same = candidates.compactMap({ $0 }).first(where: { $0.version == version }) { return same }
        let key = "\(name)/\(version)"
        if status.withLock({ $0.failedLoads[key] }) != nil { return nil }
        do {
            let served = try load(name, version, drift: driftStore)
            logger.info("loaded model version", metadata: ["model": "\(name)", "version": "\(version)", "flavor": "\(served.flavor)"])
            return served
        } catch {
            logger.error("cannot load model version", metadata: ["model": "\(name)", "version": "\(version)", "error": "\(error)"])
            status.withLock { $0.failedLoads[key] = "\(error)" }
            return nil
        }
    }
}
