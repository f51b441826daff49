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
}
