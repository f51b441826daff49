import Foundation
import Logging

/// Tests log at warning level, so a failure stands out in `make test`'s output; set
/// `MLOPS_TEST_LOG_LEVEL` (trace, debug, info, notice, warning, error, critical) to see more.
/// Bootstrapped once per test process by the first look at `TestBackend.available`.
public enum TestLogging {
    public static let bootstrapped: Bool = {
        let level = ProcessInfo.processInfo.environment["MLOPS_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return true
    }()
}
