#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file through a large in-memory buffer; `finish()` flushes, closes and reports errors.
final class BufferedFileWriter {
    let path: String
    private var fd: Int32
    /// Bytes not yet written; callers append encoded text here directly.
    var buffer: [UInt8] = []
    private let flushSize = 1 << 20

    /// Creates (or truncates) the file at `path`.
    init(path: String) throws(DatasetError) {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw .io(path: path, message: FileIO.errorText()) }
        buffer.reserveCapacity(flushSize + (1 << 16))
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Writes the buffer out once it has grown past the flush size.
    @inline(__always)
    func flushIfFull() throws(DatasetError) {
        if buffer.count >= flushSize { try flush() }
    }

    /// Writes out everything buffered.
    func flush() throws(DatasetError) {
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

    /// Flushes and closes the file.
    func finish() throws(DatasetError) {
        try flush()
        let descriptor = fd
        fd = -1
        if close(descriptor) != 0 { throw .io(path: path, message: FileIO.errorText()) }
    }
}
