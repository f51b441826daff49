import MLOpsStore
import Testing

@Suite struct StoreConfigurationTests {
    @Test func defaultsToTheEmbeddedRegistryUnderTheCurrentDirectory() throws {
        let config = try StoreConfiguration.resolve(environment: [:], currentDirectory: "/work/project")
        #expect(config.database == .sqlite(path: "/work/project/registry/mlops.db"))
        #expect(config.artifactRoot == "/work/project/registry/artifacts")
    }

    @Test func mlopsHomeMovesBothDefaults() throws {
        let config = try StoreConfiguration.resolve(environment: ["MLOPS_HOME": "/srv/mlops"], currentDirectory: "/tmp")
        #expect(config.database == .sqlite(path: "/srv/mlops/registry/mlops.db"))
        #expect(config.artifactRoot == "/srv/mlops/registry/artifacts")
    }

    @Test func flagBeatsEnvironmentBeatsDefault() throws {
        let env = ["MLOPS_DATABASE_URL": "postgresql://u@db:5432/mlops", "MLOPS_ARTIFACT_ROOT": "/data/artifacts"]
        let fromEnvironment = try StoreConfiguration.resolve(environment: env, currentDirectory: "/x")
        #expect(fromEnvironment.database == .postgres(url: "postgresql://u@db:5432/mlops"))
        #expect(fromEnvironment.artifactRoot == "/data/artifacts")
        let fromFlags = try StoreConfiguration.resolve(databaseFlag: "local.db", artifactsFlag: "arts", environment: env, currentDirectory: "/x")
        #expect(fromFlags.database == .sqlite(path: "/x/local.db"))
        #expect(fromFlags.artifactRoot == "/x/arts")
    }

    @Test(arguments: ["sqlite:/a/b.db", "sqlite:///a/b.db", "/a/b.db"])
    func sqliteSpellings(value: String) throws {
        #expect(try StoreConfiguration.parseDatabase(value, currentDirectory: "/") == .sqlite(path: "/a/b.db"))
    }

    @Test func postgresSchemesAndUnsupportedURLs() throws {
        #expect(try StoreConfiguration.parseDatabase("postgres://h/db", currentDirectory: "/") == .postgres(url: "postgres://h/db"))
        do {
            _ = try StoreConfiguration.parseDatabase("mysql://root:secret@h/db", currentDirectory: "/")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("mysql://root:***@h/db"))
            #expect(!"\(error)".contains("secret"))
        }
    }

    @Test func anS3RootHasABoundedCacheWhoseSizeAndPlaceCanBeSet() throws {
        let plain = try StoreConfiguration.resolve(
            artifactsFlag: "s3://b/p", environment: ["MLOPS_HOME": "/srv/m"], currentDirectory: "/tmp")
        #expect(plain.artifactRoot == "/srv/m/registry/artifact-cache" && plain.artifactRemote == "s3://b/p")
        #expect(plain.artifactCacheBytes == StoreConfiguration.defaultArtifactCacheBytes)
        let set = try StoreConfiguration.resolve(
            artifactsFlag: "s3://b/p",
            environment: ["MLOPS_HOME": "/srv/m", "MLOPS_ARTIFACT_CACHE": "cache", "MLOPS_ARTIFACT_CACHE_SIZE": "512MiB"],
            currentDirectory: "/tmp")
        #expect(set.artifactRoot == "/tmp/cache" && set.artifactCacheBytes == 512 * 1_048_576)
        let off = try StoreConfiguration.resolve(
            artifactsFlag: "s3://b/p", environment: ["MLOPS_ARTIFACT_CACHE_SIZE": "off"], currentDirectory: "/tmp")
        #expect(off.artifactCacheBytes == nil)
        #expect {
            try StoreConfiguration.resolve(artifactsFlag: "s3://b/p", environment: ["MLOPS_ARTIFACT_CACHE_SIZE": "lots"], currentDirectory: "/tmp")
        } throws: { "\($0)".contains("MLOPS_ARTIFACT_CACHE_SIZE 'lots' is not a size like 10GB, 512MiB or off") }
    }

    @Test func sizesReadAsPeopleWriteThem() {
        #expect(ByteSize.parse("2048") == 2048 && ByteSize.parse("10GB") == 10_000_000_000 && ByteSize.parse("1.5 KiB") == 1536)
        #expect(ByteSize.parse("512mb") == 512_000_000 && ByteSize.parse("1TiB") == 1_099_511_627_776)
        for bad in ["", "GB", "-1GB", "10 parsecs", "1e9"] { #expect(ByteSize.parse(bad) == nil, "\(bad)") }
    }
}
