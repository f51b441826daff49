import Foundation
import Logging
import MLOpsStore
import MLOpsTime
import ServiceLifecycle

/// The server's background loop: follows the registry every poll interval, flushes the
/// prediction log every 250 ms and the drift counts every minute and at each window
/// boundary; on graceful shutdown it flushes once more.
struct BackgroundWork: Service {
    let server: PredictionServer

    func run() async throws {
        let configuration = server.configuration
        var lastSync = ContinuousClock.now
        var lastLogFlush = ContinuousClock.now
        var lastDriftFlush = ContinuousClock.now
        var lastDecision = ContinuousClock.now
        var lastWindow = Self.window(configuration.driftWindowSeconds)
        let tick = Duration.milliseconds(Int64(max(50, min(configuration.pollSeconds, configuration.logFlushSeconds) * 1000 / 2)))
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: tick)
            let now = ContinuousClock.now
            if now - lastSync >= .milliseconds(Int64(configuration.pollSeconds * 1000)) {
                lastSync = now
                do { try await Blocking.run { try server.syncOnce() } } catch {
                    server.metrics.storeFailures.increment()
                    server.logger.warning("registry sync failed; still serving the models in memory", metadata: ["error": "\(error)"])
                }
            }
            if now - lastLogFlush >= .milliseconds(Int64(configuration.logFlushSeconds * 1000)) {
                lastLogFlush = now
                _ = try? await Blocking.run {
                    do { try server.log.flush() } catch {
                        server.metrics.storeFailures.increment()
                        server.logger.warning("prediction log flush failed; records stay buffered", metadata: ["error": "\(error)"])
                    }
                }
            }
            if now - lastDecision >= .milliseconds(Int64(configuration.decisionSeconds * 1000)) {
                lastDecision = now
                _ = try? await Blocking.run { server.decideRollouts() }
            }
            let window = Self.window(configuration.driftWindowSeconds)
            if window != lastWindow || now - lastDriftFlush >= .milliseconds(Int64(configuration.driftFlushSeconds * 1000)) {
                lastWindow = window
                lastDriftFlush = now
                _ = try? await Blocking.run { server.flushAll() }
            }
        }
        _ = try? await Blocking.run {
            server.decideRollouts()  // hand in what this replica gathered before it goes
            server.flushAll()
        }
    }

    static func window(_ seconds: Int) -> Int64 {
        Int64(Date().timeIntervalSince1970) / Int64(max(1, seconds))
    }
}
