import Foundation
import Logging
import MLOpsStore
import MLOpsTime
import PipelineRuns
import Synchronization

/// A step's log: lines go to the logger at once and to the store in batches (a command step
/// can print thousands of lines), so `pipelines show` has them after the run.
final class StepLog: Sendable {
    private let pending = Mutex<[String]>([])
    let store: PipelineRunStore
    let run: String
    let step: Int
    let attempt: Int
    let logger: Logger
    let stepName: String
    let progress: (@Sendable (String, String, String) -> Void)?

    init(
        store: PipelineRunStore, run: String, step: Int, stepName: String, attempt: Int, logger: Logger,
        progress: (@Sendable (String, String, String) -> Void)?
    ) {
        self.store = store
        self.stepName = stepName
        self.progress = progress
        self.run = run
        self.step = step
        self.attempt = attempt
        var logger = logger
        logger[metadataKey: "run_id"] = .string(run)
        logger[metadataKey: "step"] = .string(String(step + 1))
        self.logger = logger
    }

    func line(_ text: String) {
        logger.info("\(text)")
        progress?(run, stepName, text)
        let full = pending.withLock { lines -> Bool in
            lines.append(text)
            return lines.count >= 200
        }
        if full { flush() }
    }

    /// Writes the pending lines; a store failure keeps the run going (the lines were logged).
    func flush() {
        let lines = pending.withLock { lines -> [String] in
            defer { lines.removeAll() }
            return lines
        }
        do { try store.log(run: run, step: step, attempt: attempt, lines: lines, now: Clock.nowMilliseconds()) } catch {
            logger.warning("could not store \(lines.count) log lines", metadata: ["error": "\(error)"])
        }
    }
}
