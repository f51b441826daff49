import Dispatch
import Foundation
import Glibc

/// Runs an external program for a pipeline's `command` step (e.g. `["python3",
/// "train_dask.py"]`), with a timeout, capturing its output line by line.
///
/// The child is started with `posix_spawn` in its own process group, so a timeout or a
/// cancellation (SIGTERM, then SIGKILL after `terminationGraceSeconds`) reaches everything it
/// started. Its pipes are drained and it is waited for on dedicated threads, never on Swift's
/// cooperative pool. Every pipe end is closed and every child reaped before `run` returns.
public enum ProcessRunner {
    /// Runs `request` to its end and reports how it ended.
    ///
    /// - Parameter onLine: called with every line (including those the outcome does not keep),
    ///   in arrival order, on the reader thread; keep it quick.
    /// - Returns: the outcome, also when the process failed, timed out or the Task was cancelled
    ///   (`cancelled == true`; no `CancellationError` is thrown — the caller decides).
    /// - Throws: `ProcessRunnerError` when the process cannot be started.
    public static func run(
        _ request: ProcessRequest,
        onLine: (@Sendable (OutputLine) -> Void)? = nil
    ) async throws(ProcessRunnerError) -> ProcessOutcome {
        try await run(request, chdir: .automatic, onLine: onLine)
    }

    /// `run`, choosing how the working directory is entered (tests exercise both ways).
    static func run(
        _ request: ProcessRequest,
        chdir strategy: ChdirStrategy,
        onLine: (@Sendable (OutputLine) -> Void)?
    ) async throws(ProcessRunnerError) -> ProcessOutcome {
        if Task.isCancelled {
            return ProcessOutcome(exitCode: nil, cancelled: true, timeoutSeconds: request.timeoutSeconds)
        }
        let clock = ContinuousClock()
        let start = clock.now
        let child = try ProcessLauncher.launch(request, chdir: strategy)
        let supervisor = ProcessSupervisor(pid: child.pid, graceSeconds: request.terminationGraceSeconds)
        let maxLines = request.maxCapturedLines

        let reader = Thread {
            supervisor.outputClosed(OutputPump.drain(stdout: child.stdout, stderr: child.stderr, maxLines: maxLines, onLine: onLine))
        }
        reader.name = "ProcessRunner.output.\(child.pid)"
        reader.start()
        let waiter = Thread { supervisor.waitForExit() }
        waiter.name = "ProcessRunner.wait.\(child.pid)"
        waiter.start()

        var timer: DispatchWorkItem?
        if let timeout = request.timeoutSeconds {
            let item = DispatchWorkItem { supervisor.terminate(.timeout) }
            DispatchQueue.global().asyncAfter(deadline: .now() + max(0, timeout), execute: item)
            timer = item
        }
        await withTaskCancellationHandler {
            await supervisor.untilDone()
        } onCancel: {
            supervisor.terminate(.cancellation)
        }
        timer?.cancel()

        let ending = supervisor.reap()
        let elapsed = start.duration(to: clock.now)
        return ProcessOutcome(
            exitCode: ending.exitCode,
            signal: ending.signal,
            timedOut: ending.termination == .timeout,
            cancelled: ending.termination == .cancellation,
            forceKilled: ending.forceKilled,
            timeoutSeconds: request.timeoutSeconds,
            lines: ending.output.lines,
            droppedLines: ending.output.dropped,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        )
    }
}
