import DriftMetrics
import Logging
import ModelRegistry
import ModelRuntime
import Synchronization

/// Drift profiles of model versions for the dashboard: a served version's in-memory profile,
/// else the version's archive read once (verified and extracted by the loader) and kept by its
/// digest; a version without a profile is remembered as such.
final class ProfileSource: Sendable {
    let registry: Registry
    let table: ModelTable
    let logger: Logger
    private let loaded = Mutex<[String: Profile?]>([:])

    init(registry: Registry, table: ModelTable, logger: Logger) {
        self.registry = registry
        self.table = table
        self.logger = logger
    }

    func profile(model: String, version: Int) -> Profile? {
        if let served = table.model(model) {
            for candidate in [served.champion, served.challenger].compactMap({ $0 }) where candidate.version == version {
                if let profile = candidate.drift?.counter.profile { return profile }
            }
        }
        let key = "\(model)/\(version)"
        if let known = loaded.withLock({ $0[key] }) { return known }
        do {
            let profile = try ModelLoader.load(key, registry: { registry }).profile
            loaded.withLock { $0[key] = .some(profile) }
            return profile
        } catch {
            logger.warning("drift profile unreadable", metadata: ["version": "\(key)", "error": "\(error)"])
            return nil
        }
    }
}
