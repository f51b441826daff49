import Foundation
import Logging

/// Process-wide logging set-up: JSON lines with a correlation id when standard error is not a
/// terminal (services, CI, pipelines), readable text on a terminal.
public enum LoggingSetup {
    /// The output format.
    public enum Format: String, Sendable, CaseIterable {
        case json, text
        /// JSON unless standard error is a terminal.
        public static var automatic: Format { isatty(STDERR_FILENO) == 1 ? .text : .json }
    }

    /// Bootstraps swift-log once per process. Every logger carries `correlation_id`.
    public static func bootstrap(level: Logger.Level, format: Format = .automatic, correlationID: String = newCorrelationID()) {
        LoggingSystem.bootstrap { label in
            var handler: LogHandler
            switch format {
            case .json: handler = JSONLogHandler(label: label)
            case .text: handler = StreamLogHandler.standardError(label: label)
            }
            handler.logLevel = level
            handler[metadataKey: "correlation_id"] = .string(correlationID)
            return handler
        }
    }

    /// A short random id (16 hex digits) for one CLI invocation, request or job.
    public static func newCorrelationID() -> String {
        String(format: "%016llx", UInt64.random(in: 0...UInt64.max))
    }
}
