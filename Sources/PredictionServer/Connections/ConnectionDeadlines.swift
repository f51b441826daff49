import NIOCore

/// One connection's request clock, shared by its two watchers (`RequestStartWatcher` before the
/// HTTP decoder, `RequestPartWatcher` after it) and confined to the connection's event loop.
///
/// It knows which phase the connection is in — waiting, reading a head (bytes came, no head
/// yet), reading a body (head came, no end yet), answering — and keeps one timer for the phase
/// that has a limit: a head must be complete `headTimeout` after its first byte, a body
/// `bodyTimeout` after its head. When the timer fires and the phase has not moved on, the
/// connection is closed. Requests pipelined behind one the server is still answering get no
/// deadline until their turn: the server, not the client, is the slow one then. Idle
/// keep-alive connections are Hummingbird's idle timeout's job.
final class ConnectionDeadlines: @unchecked Sendable {
    private let limits: ConnectionLimits
    private let channel: any Channel
    /// Requests whose head came and whose response has not ended.
    private var unanswered = 0
    /// A request's head came and its end has not.
    private(set) var readingBody = false
    /// Bytes came since the last request ended, with no head decoded from them yet.
    private var headStarted: NIODeadline?
    private var bodyStarted: NIODeadline?
    /// The current request was answered before it was read whole: its remaining body is
    /// discarded (up to `drainBytes`), then the connection closes.
    private(set) var draining = false
    private var drained = 0
    private var timer: (deadline: NIODeadline, task: Scheduled<Void>)?

    init(limits: ConnectionLimits, channel: any Channel) {
        self.limits = limits
        self.channel = channel
    }

    // MARK: events

    /// Bytes arrived (before decoding).
    func bytesArrived() {
        guard !readingBody, headStarted == nil else { return }
        headStarted = .now()
        reschedule()
    }

    /// A request's head was decoded.
    func headDecoded() {
        unanswered += 1
        readingBody = true
        headStarted = nil
        bodyStarted = .now()
        reschedule()
    }

    /// Body bytes of the current request arrived; true when they are to be discarded.
    func bodyArrived(bytes: Int) -> Bool {
        guard draining else { return false }
        drained += bytes
        if drained > limits.drainBytes { channel.close(promise: nil) }
        return true
    }

    /// The current request's end arrived; true when it belonged to a request answered early
    /// (then the connection closes, as its answer said).
    func requestEnded() -> Bool {
        readingBody = false
        bodyStarted = nil
        if draining {
            channel.close(promise: nil)
            return true
        }
        reschedule()
        return false
    }

    /// A response head is about to be written; true when it answers a request not yet read
    /// whole (the head then gets `Connection: close`).
    func responseStarting() -> Bool {
        unanswered == 1 && readingBody
    }

    /// A response ended.
    func responseEnded() {
        unanswered = max(0, unanswered - 1)
        if readingBody && unanswered == 0 { draining = true }
        // A request pipelined behind the one just answered: its body's clock starts now.
        if readingBody && unanswered == 1 { bodyStarted = .now() }
        reschedule()
    }

    // MARK: the timer

    /// The deadline of the current phase, if it has one.
    private var deadline: NIODeadline? {
        if readingBody, unanswered <= 1, let bodyStarted {
            return bodyStarted + .nanoseconds(Int64(limits.bodyTimeoutSeconds * 1e9))
        }
        if !readingBody, unanswered == 0, let headStarted {
            return headStarted + .nanoseconds(Int64(limits.headTimeoutSeconds * 1e9))
        }
        return nil
    }

    private func reschedule() {
        let wanted = deadline
        if let timer, timer.deadline == wanted { return }
        timer?.task.cancel()
        timer = nil
        guard let wanted else { return }
        let task = channel.eventLoop.assumeIsolatedUnsafeUnchecked().scheduleTask(deadline: wanted) { [self] in
            timer = nil
            if let due = deadline, due <= .now() {
                channel.close(promise: nil)
            } else {
                reschedule()
            }
        }
        timer = (wanted, task)
    }

    /// Stops the timer (the connection closed).
    func stop() {
        timer?.task.cancel()
        timer = nil
    }
}
