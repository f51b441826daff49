import Dispatch

/// A task executor of its own for a server a test runs in process: its jobs run on a serial
/// Dispatch queue (an overcommit thread, not one of Swift's cooperative threads), so a test
/// elsewhere in the process that blocks the cooperative pool — two threads on two cores — cannot
/// starve the server (its requests then timed out with nothing read). Child tasks (each
/// connection's handler) inherit the preference.
public final class ServerExecutor: TaskExecutor, @unchecked Sendable {
    private let queue: DispatchQueue

    public init(label: String = "mlops.test-server") {
        queue = DispatchQueue(label: label)
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
