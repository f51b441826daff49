import ArtifactArchive

/// The registry's archives in S3 (`MLOPS_ARTIFACT_ROOT=s3://bucket/prefix`): the artifact
/// store's remote, over the S3 client.
public struct S3RemoteArtifacts: RemoteArtifacts {
    let s3: BlockingS3

    /// The remote at `location` (`s3://bucket/prefix`), with `configuration` (default: the `AWS_*`
    /// environment). Throws naming what is missing or malformed.
    public init(location text: String, configuration: S3Configuration? = nil) throws(S3Error) {
        let resolved: S3Configuration
        if let configuration { resolved = configuration } else { resolved = try S3Configuration.fromEnvironment() }
        s3 = BlockingS3(client: S3Client(configuration: resolved), location: try S3Location(parsing: text))
    }

    public var description: String { s3.location.description }
    public func exists(_ name: String) throws -> Bool { try s3.exists(name) }
    public func upload(file: String, to name: String) throws { try s3.upload(file: file, to: name) }
    public func download(_ name: String, to path: String) throws -> Bool { try s3.download(name, to: path) }
    public func tree(_ name: String, staging: String) -> any ArtifactTree {
        var location = s3.location
        location.prefix = location.key(name)
        return S3ArtifactTree(client: s3.client, location: location, staging: staging)
    }
}
