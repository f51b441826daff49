import Logging

/// The module's logger (swift-log); the label is `mlops.artifact-archive`.
enum ArchiveLog {
    static let logger = Logger(label: "mlops.artifact-archive")
}
