import Foundation

/// Runs blocking work (SQL through libpq or SQLite, archive extraction, training) off Swift's
/// cooperative threads and the event loops, and awaits its result. The work runs on a pool of
/// threads of its own that grows when every thread is busy: a call that blocks for long (a
/// store that went away, a training step) never holds up the others — which a Dispatch queue
/// would, since its threads are capped at the number of cores.
public enum Blocking {
    static let pool = ElasticThreadPool(name: "mlops.blocking", minimumThreads: 2, maximumThreads: 128, idleSeconds: 30)

    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            pool.submit { continuation.resume(with: Result { try body() }) }
        }
    }
}

/// Threads that take work from one queue; a new thread starts when work waits and none is idle
/// (up to a maximum), and a thread idle for `idleSeconds` ends (down to a minimum).
final class ElasticThreadPool: @unchecked Sendable {
    private let condition = NSCondition()
    private var work: [@Sendable () -> Void] = []
    private var head = 0
    private var threads = 0
    private var idle = 0
    let name: String
    let minimumThreads: Int
    let maximumThreads: Int
    let idleSeconds: Double

    init(name: String, minimumThreads: Int, maximumThreads: Int, idleSeconds: Double) {
        self.name = name
        self.minimumThreads = minimumThreads
        self.maximumThreads = maximumThreads
        self.idleSeconds = idleSeconds
    }

    func submit(_ item: @escaping @Sendable () -> Void) {
        condition.lock()
        work.append(item)
        let waiting = work.count - head
        let start = waiting > idle && threads < maximumThreads
        if start { threads += 1 } else { condition.signal() }
        condition.unlock()
        if start {
            let thread = Thread { [self] in loop() }
            thread.name = name
            thread.start()
        }
    }

    private func loop() {
        condition.lock()
        while true {
            while head == work.count {
                idle += 1
                let signalled = condition.wait(until: Date().addingTimeInterval(idleSeconds))
                idle -= 1
                if !signalled && head == work.count && threads > minimumThreads {
                    threads -= 1
                    condition.unlock()
                    return
                }
            }
            let item = work[head]
            head += 1
            if head > 1024 && head * 2 > work.count {
                work.removeFirst(head)
                head = 0
            }
            condition.unlock()
            item()
            condition.lock()
        }
    }
}
