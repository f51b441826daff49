import ArtifactArchive
import Logging
import MLOpsStore
import ModelRegistry

/// What a registry command needs: the opened (and migrated) store, the artifact store and the
/// registry service over them.
struct CommandContext {
    let configuration: StoreConfiguration
    let database: SQLDatabase
    let registry: Registry
    let logger: Logger

    init(_ global: GlobalOptions) throws {
        configuration = try global.storeConfiguration()
        logger = Logger(label: "mlops.cli")
        database = try configuration.openDatabase(logger: Logger(label: "mlops.store"))
        let artifacts = try ArtifactStore(
            root: configuration.artifactRoot, remote: try configuration.artifactRemote.map(S3RemoteArtifacts.init(location:)),
            logger: Logger(label: "mlops.artifacts"))
        registry = Registry(database: database, artifacts: artifacts, logger: Logger(label: "mlops.registry"))
    }
}
