import Glibc

/// The lines an outcome keeps: the last `capacity` ones, and how many earlier ones were dropped.
struct CapturedOutput: Sendable, Equatable {
    var lines: [OutputLine] = []
    var dropped = 0
}

/// Drains a child's stdout and stderr pipes on the calling (dedicated) thread with poll(2), so
/// a child filling one pipe while we wait on the other never deadlocks. Every line goes to
/// `onLine` in arrival order; the last `maxLines` are kept.
enum OutputPump {
    /// Reads both descriptors to end of file, closes them, and returns the kept lines.
    static func drain(stdout: Int32, stderr: Int32, maxLines: Int, onLine: (@Sendable (OutputLine) -> Void)?) -> CapturedOutput {
        let streams: [OutputLine.Stream] = [.stdout, .stderr]
        let descriptors = [stdout, stderr]
        var open = [true, true]
        var splitters = [LineSplitter(), LineSplitter()]
        var kept = RingBuffer(capacity: maxLines)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 16)
        defer { buffer.deallocate() }

        while open.contains(true) {
            var polls = (0..<2).map { pollfd(fd: open[$0] ? descriptors[$0] : -1, events: Int16(POLLIN), revents: 0) }
            if poll(&polls, 2, -1) < 0 {
                if errno == EINTR { continue }
                break  // cannot happen with valid descriptors; fall through to closing them
            }
            for index in 0..<2 where open[index] && polls[index].revents != 0 {
                let count = read(descriptors[index], buffer.baseAddress, buffer.count)
                let emit: (String) -> Void = { text in
                    let line = OutputLine(streams[index], text)
                    onLine?(line)
                    kept.append(line)
                }
                if count > 0 {
                    splitters[index].append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), emit: emit)
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    splitters[index].finish(emit: emit)
                    close(descriptors[index])
                    open[index] = false
                }
            }
        }
        for index in 0..<2 where open[index] { close(descriptors[index]) }
        return CapturedOutput(lines: kept.ordered(), dropped: kept.dropped)
    }

    /// A fixed-capacity buffer keeping the most recent lines.
    private struct RingBuffer {
        let capacity: Int
        var storage: [OutputLine] = []
        var head = 0
        var dropped = 0

        init(capacity: Int) {
            self.capacity = max(0, capacity)
            storage.reserveCapacity(min(self.capacity, 16_384))
        }

        mutating func append(_ line: OutputLine) {
            if storage.count < capacity {
                storage.append(line)
            } else if capacity > 0 {
                storage[head] = line
                head = (head + 1) % capacity
                dropped += 1
            } else {
                dropped += 1
            }
        }

        func ordered() -> [OutputLine] { Array(storage[head...] + storage[..<head]) }
    }
}
