import Dispatch
import Glibc
import Synchronization

/// Watches one started child: learns when it exited and when its output closed, signals its
/// process group on timeout or cancellation (SIGTERM, then SIGKILL after the grace period), and
/// finally reaps it.
///
/// The child is observed with `waitid(WNOWAIT)` and reaped only when the run is over, so its
/// pid (and so its process-group id) cannot be reused while a signal may still be sent; every
/// signal is sent under the lock that `reap` takes first.
final class ProcessSupervisor: Sendable {
    /// Why the group was signalled.
    enum Termination: Sendable { case timeout, cancellation }

    /// How the run ended, once reaped.
    struct Ending: Sendable {
        var exitCode: Int32?
        var signal: Int32?
        var termination: Termination?
        var forceKilled: Bool
        var output: CapturedOutput
    }

    private struct State {
        var exited = false
        var output: CapturedOutput?
        var reaped = false
        var termination: Termination?
        var forceKilled = false
        var continuation: CheckedContinuation<Void, Never>?
        var done: Bool { exited && output != nil }
    }

    let pid: pid_t
    let graceSeconds: Double
    private let state = Mutex(State())

    /// Supervises `pid`, which leads its own process group.
    init(pid: pid_t, graceSeconds: Double) {
        self.pid = pid
        self.graceSeconds = graceSeconds
    }

    /// Blocks the calling (dedicated) thread until the child exits, without reaping it.
    func waitForExit() {
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.exited = true
            return state.done ? state.continuation.take() : nil
        }
        continuation?.resume()
    }

    /// Records the drained output (both pipes at end of file).
    func outputClosed(_ output: CapturedOutput) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.output = output
            return state.done ? state.continuation.take() : nil
        }
        continuation?.resume()
    }

    /// Suspends until the child has exited and its output is drained.
    func untilDone() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let finished = state.withLock { state -> Bool in
                if state.done { return true }
                state.continuation = continuation
                return false
            }
            if finished { continuation.resume() }
        }
    }

    /// Sends SIGTERM to the group (once; the first reason wins; not once the child has exited
    /// and its output closed) and SIGKILL after the grace period unless the run is over by then.
    func terminate(_ reason: Termination) {
        let sent = state.withLock { state -> Bool in
            guard !state.done, !state.reaped, state.termination == nil else { return false }
            state.termination = reason
            kill(-pid, SIGTERM)
            return true
        }
        guard sent else { return }
        DispatchQueue.global().asyncAfter(deadline: .now() + max(0, graceSeconds)) { [self] in
            state.withLock { state in
                guard !state.done, !state.reaped else { return }
                state.forceKilled = true
                kill(-pid, SIGKILL)
            }
        }
    }

    /// Reaps the child (call after `untilDone`) and reports how the run ended.
    func reap() -> Ending {
        let snapshot = state.withLock { state -> (Termination?, Bool, CapturedOutput) in
            state.reaped = true
            return (state.termination, state.forceKilled, state.output ?? CapturedOutput())
        }
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(pid, &status, 0) } while result < 0 && errno == EINTR
        var ending = Ending(exitCode: nil, signal: nil, termination: snapshot.0, forceKilled: snapshot.1, output: snapshot.2)
        if result == pid {
            let low = status & 0x7F
            if low == 0 {
                ending.exitCode = (status >> 8) & 0xFF
            } else if low != 0x7F {
                ending.signal = low
            }
        }
        return ending
    }
}
