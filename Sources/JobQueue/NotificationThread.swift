import Foundation
import Logging
import MLOpsStore
import Synchronization

/// Listens for enqueue notifications on a thread of its own (the wait blocks) and calls `wake`
/// for those naming one of `queues`. A lost connection is reopened after a pause.
final class NotificationThread: Sendable {
    private let stopped = Atomic<Bool>(false)
    let source: SQLNotificationSource
    let queues: Set<String>
    let logger: Logger
    let wake: @Sendable () -> Void

    init(source: SQLNotificationSource, queues: Set<String>, logger: Logger, wake: @escaping @Sendable () -> Void) {
        self.source = source
        self.queues = queues
        self.logger = logger
        self.wake = wake
    }

    func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "mlops.job-notifications"
        thread.start()
    }

    func stop() { stopped.store(true, ordering: .relaxed) }

    private func loop() {
        var listener: PostgresListener? = nil
        while !stopped.load(ordering: .relaxed) {
            do {
                if listener == nil {
                    listener = try source.listen(channel: JobQueue.notificationChannel)
                    wake()  // jobs enqueued before the LISTEN took effect were not announced: look once
                }
                let payloads = try listener!.wait(timeoutMilliseconds: 250)
                if payloads.contains(where: queues.contains) { wake() }
            } catch {
                listener = nil
                logger.debug("job notifications unavailable; polling meanwhile", metadata: ["error": "\(error)"])
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }
}
