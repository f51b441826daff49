import ArtifactArchive
import ObjectStorage

/// The registry's archives in S3 (`MLOPS_ARTIFACT_ROOT=s3://bucket/prefix`): the artifact
/// store's remote, over the S3 client, configured by the standard `AWS_*` variables.
struct S3RemoteArtifacts: RemoteArtifacts {
    let s3: BlockingS3

    init(location text: String) throws {
        do {
            s3 = BlockingS3(client: S3Client(configuration: try S3Configuration.fromEnvironment()), location: try S3Location(parsing: text))
        } catch {
            throw CLIFailure("MLOPS_ARTIFACT_ROOT: \(error.description)")
        }
    }

    var description: String { s3.location.description }
    func exists(_ name: String) throws -> Bool { try s3.exists(name) }
    func upload(file: String, to name: String) throws { try s3.upload(file: file, to: name) }
    func download(_ name: String, to path: String) throws -> Bool { try s3.download(name, to: path) }
}
