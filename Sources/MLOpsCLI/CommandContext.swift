import ArtifactArchive
import Logging
import MLOpsStore
import ModelRegistry
import ObjectStorage

/// What a registry command needs: the opened (and migrated) store, the artifact store and the
/// registry service over them.
struct CommandContext {
    let configuration: StoreConfiguration
    let database: SQLDatabase
    let registry: Registry
    let logger: Logger

    /// `cache` overrides where a remote store's cache lives and how big it may grow (`mlops serve`'s
    /// `--cache-dir` and `--cache-size`).
    init(_ global: GlobalOptions, cache: (directory: String?, bytes: Int64??) = (nil, nil)) throws {
        var configuration = try global.storeConfiguration()
        if configuration.artifactRemote != nil {
            if let directory = cache.directory { configuration.artifactRoot = directory }
            if let bytes = cache.bytes { configuration.artifactCacheBytes = bytes }
        }
        self.configuration = configuration
        logger = Logger(label: "mlops.cli")
        database = try configuration.openDatabase(logger: Logger(label: "mlops.store"))
        var remote: S3RemoteArtifacts?
        if let location = configuration.artifactRemote {
            do { remote = try S3RemoteArtifacts(location: location) } catch { throw CLIFailure("MLOPS_ARTIFACT_ROOT: \(error.description)") }
        }
        let artifacts = try ArtifactStore(
            root: configuration.artifactRoot, remote: remote, cacheLimitBytes: configuration.artifactCacheBytes,
            logger: Logger(label: "mlops.artifacts"))
        registry = Registry(database: database, artifacts: artifacts, logger: Logger(label: "mlops.registry"))
    }
}
