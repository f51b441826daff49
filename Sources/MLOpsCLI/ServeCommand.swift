import AccessControl
import ArgumentParser
import Foundation
import Logging
import MLOpsStore
import PredictionServer

/// `mlops serve`: the prediction server and HTTP API over the configured store.
struct ServeCommand: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve every registered model's champion over HTTP (/api/v1, /healthz, /readyz, /metrics).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Port to listen on (0 picks a free one).") var port: Int = 8080
    @Option(help: "Seconds between looks at the registry for promotions and rollbacks.") var poll: Double = 1
    @Option(help: "Drift window, e.g. 1h (default) or 15m.") var driftWindow: String = "1h"
    @Option(help: "Largest request body in bytes.") var maxBody: Int = 1 << 20
    @Option(help: "How often this replica hands in rollout statistics and decides, e.g. 10s.") var decideEvery: String = "10s"
    @Option(help: "How often live drift counts are written to the store, e.g. 60s (and at each window's end).") var driftFlush: String = "60s"
    @Flag(inversion: .prefixedNo, help: "Answer well-formed predict requests on the event loop, before the router (same answers, less overhead).")
    var predictFastPath = true
    @Flag(inversion: .prefixedNo, help: "Require API tokens for changes (mlops auth token create). --no-auth turns every check off.")
    var auth = true
    @Option(
        help: "With an s3:// artifact root: the archive cache's directory (default: $MLOPS_ARTIFACT_CACHE, else $MLOPS_HOME/registry/artifact-cache)."
    )
    var cacheDir: String?
    @Option(
        help: "With an s3:// artifact root: the most the archive cache keeps, e.g. 10GB (default: $MLOPS_ARTIFACT_CACHE_SIZE, else 10GB), or off."
    )
    var cacheSize: String?
    @Option(help: "Close a connection whose request head is not complete this long after its first byte, e.g. 10s.")
    var headTimeout: String = "10s"
    @Option(help: "Close a connection whose request body is not complete this long after its head, e.g. 30s.")
    var bodyTimeout: String = "30s"
    @Option(help: "Close a keep-alive connection idle this long, e.g. 60s.") var idleTimeout: String = "60s"
    @Option(help: "Most connections open at once; past it new clients wait until one closes.") var maxConnections: Int = 4_096
    @Flag(help: "Require a token (any role) for reads too.") var protectReads = false
    @Flag(help: "Require a token (any role) for predictions and feedback (turns the predict fast path off).") var protectPredictions = false

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard poll > 0, poll <= 60 else { throw ValidationError("--poll must be between 0 and 60 seconds") }
        guard let window = TimeArgument.seconds(driftWindow), window <= 86_400 else {
            throw ValidationError("--drift-window '\(driftWindow)' is not a duration from 1s to 1d")
        }
        _ = window
        guard maxBody >= 1024 else { throw ValidationError("--max-body must be at least 1024 bytes") }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be at least 1") }
        for (option, text) in [
            ("--decide-every", decideEvery), ("--drift-flush", driftFlush), ("--head-timeout", headTimeout),
            ("--body-timeout", bodyTimeout), ("--idle-timeout", idleTimeout),
        ] {
            guard let seconds = TimeArgument.seconds(text), seconds <= 3_600 else {
                throw ValidationError("\(option) '\(text)' is not a duration from 1s to 1h")
            }
        }
    }

    func run() async throws {
        let cacheBytes: Int64?? = try cacheSize.map { text in
            do { return try StoreConfiguration.cacheBytes(text, name: "--cache-size") } catch { throw ValidationError("\(error)") }
        }
        let context = try CommandContext(global, cache: (cacheDir.map { URL(fileURLWithPath: $0).standardizedFileURL.path }, cacheBytes))
        var configuration = ServerConfiguration(
            host: host, port: port, pollSeconds: poll, driftFlushSeconds: Double(TimeArgument.seconds(driftFlush)!),
            driftWindowSeconds: TimeArgument.seconds(driftWindow)!, maxBodyBytes: maxBody,
            decisionSeconds: Double(TimeArgument.seconds(decideEvery)!))
        configuration.predictFastPath = predictFastPath
        configuration.connections = ConnectionLimits(
            headTimeoutSeconds: Double(TimeArgument.seconds(headTimeout)!), bodyTimeoutSeconds: Double(TimeArgument.seconds(bodyTimeout)!),
            idleTimeoutSeconds: Double(TimeArgument.seconds(idleTimeout)!), maxConnections: maxConnections)
        configuration.pipelinesDirectory = PipelineContext.directory
        configuration.access = AccessPolicy(enabled: auth, protectReads: protectReads, protectPredictions: protectPredictions)
        let server = PredictionServer(registry: context.registry, configuration: configuration, logger: Logger(label: "mlops.serve"))
        try await server.run { port in
            // Unbuffered, so a supervisor or test reading stdout sees it at once.
            FileHandle.standardOutput.write(Data("mlops serve: listening on http://\(host):\(port)\n".utf8))
        }
    }
}
