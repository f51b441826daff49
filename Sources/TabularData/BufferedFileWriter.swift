#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file from caller-filled buffers; `finish()` closes it and reports errors.
final class BufferedFileWriter {
    let path: String
    private var fd: Int32
    /// Callers fill a buffer of about this size before handing it to `drain`.
    let flushSize = 1 << 20

    /// Creates (or truncates) the file at `path`.
    init(path: String) throws(DatasetError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .io(path: path, message: FileIO.errorText()) }
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Writes `buffer` out once it has grown past the flush size (emptying it).
    @inline(__always)
    func drainIfFull(_ buffer: inout [UInt8]) throws(DatasetError) {
        if buffer.count >= flushSize { try drain(&buffer) }
    }

    /// Writes all of `buffer` out and empties it (keeping its capacity).
    func drain(_ buffer: inout [UInt8]) throws(DatasetError) {
        var written = 0
        while written < buffer.count {
            let result = buffer.withUnsafeBytes { bytes -> Int in
                guard let start = bytes.baseAddress else { return 0 }
                return write(fd, start + written, bytes.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, message: FileIO.errorText())
            }
            written += result
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Closes the file.
    func finish() throws(DatasetError) {
        let descriptor = fd
        fd = -1
        if close(descriptor) != 0 { throw .io(path: path, message: FileIO.errorText()) }
    }
}
