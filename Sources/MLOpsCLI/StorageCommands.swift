import ArgumentParser
import Foundation
import ObjectStorage

/// `mlops storage`: object storage for artifacts.
struct StorageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage", abstract: "Object storage (S3-compatible) for artifacts.", subcommands: [StorageCheck.self])
}

/// `mlops storage check s3://bucket/prefix`: proves the credentials and the bucket work by
/// writing, reading, listing and deleting one probe object under the prefix.
struct StorageCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Write, read, list and delete a probe object under s3://bucket/prefix with the AWS_* environment's credentials.")
    @Argument(help: "The location, s3://bucket/prefix.") var location: String
    @Flag(help: "Print machine-readable JSON.") var json = false

    func run() async throws {
        let configuration: S3Configuration
        let place: S3Location
        do {
            configuration = try S3Configuration.fromEnvironment()
            place = try S3Location(parsing: location)
        } catch {
            throw CLIFailure(error.description)
        }
        let client = S3Client(configuration: configuration)
        let key = place.key(".mlops-check/\(UUID().uuidString.lowercased())")
        let probe = Array("mlops storage check \(Date().timeIntervalSince1970)".utf8)
        do {
            try await client.put(bucket: place.bucket, key: key, body: probe, ifAbsent: true)
            let read = try await client.get(bucket: place.bucket, key: key)
            guard read == probe else { throw CLIFailure("\(place): the probe object read back differs from what was written") }
            let listed = try await client.list(bucket: place.bucket, prefix: key)
            guard listed.contains(where: { $0.key == key }) else { throw CLIFailure("\(place): the probe object is not listed") }
            try await client.delete(bucket: place.bucket, key: key)
        } catch let error as S3Error {
            try? await client.delete(bucket: place.bucket, key: key)
            throw CLIFailure(error.description)
        }
        let endpoint = configuration.endpoint ?? "AWS S3"
        if json {
            try Output.json(["location": place.description, "endpoint": endpoint, "region": configuration.region, "status": "ok"])
        } else {
            Output.line("\(place): write, read, list and delete work (\(endpoint), region \(configuration.region))")
        }
    }
}
