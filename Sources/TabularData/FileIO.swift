#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file reads through the C library, with `DatasetError.io` errors naming the path.
enum FileIO {
    /// Calls `body` with the whole file at `path`: memory-mapped (read-only, private, pages
    /// populated up front) when possible, else read into memory in one go. `MappedPages` lets
    /// the parser drop the pages it has finished with (`.none` for memory that was read).
    static func withContents<R>(
        path: String, _ body: (UnsafeRawBufferPointer, MappedPages) throws(DatasetError) -> R
    ) throws(DatasetError) -> R {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io(path: path, message: errorText()) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let message = errorText()
            close(fd)
            throw .io(path: path, message: message)
        }
        let size = Int(info.st_size)
        let isRegular = (info.st_mode & S_IFMT) == S_IFREG
        var flags = MAP_PRIVATE
        #if os(Linux)
            flags |= MAP_POPULATE
        #endif
        if isRegular, size > 0, let mapped = mmap(nil, size, PROT_READ, flags, fd, 0), mapped != MAP_FAILED {
            close(fd)
            defer { munmap(mapped, size) }
            return try body(UnsafeRawBufferPointer(start: mapped, count: size), MappedPages(base: UnsafeRawPointer(mapped)))
        }
        close(fd)
        let bytes = try readAll(path: path)
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(DatasetError) in try body(buffer, .none) } }
        return try result.get()
    }

    /// The whole file at `path`, read in one go (sized by `fstat`, grown if the file grew).
    static func readAll(path: String) throws(DatasetError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .io(path: path, message: errorText()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .io(path: path, message: errorText()) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw .io(path: path, message: "is a directory") }
        var capacity = max(Int(info.st_size), 0) + 1  // one spare byte to see the end of file
        var bytes = [UInt8](repeating: 0, count: capacity)
        var count = 0
        while true {
            if count == capacity {
                capacity *= 2
                bytes.append(contentsOf: repeatElement(0, count: capacity - bytes.count))
            }
            let got = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let start = buffer.baseAddress else { return 0 }
                return read(fd, start + count, capacity - count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, message: errorText())
            }
            if got == 0 { break }
            count += got
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    /// The C library's text for the current `errno`.
    static func errorText() -> String {
        String(cString: strerror(errno))
    }
}

/// A read-only file mapping whose parsed pages can be handed back to the kernel as parsing
/// moves on, so a file being read does not stay resident beside the columns read from it (its
/// pages stay in the page cache; touching them again reads them back). `base` is nil for memory
/// that is not such a mapping: then nothing is ever dropped.
struct MappedPages: @unchecked Sendable {
    // The mapping outlives every parser holding this value (FileIO.withContents unmaps after).
    let base: UnsafeRawPointer?

    static let none = MappedPages(base: nil)

    /// Parsers drop what they have finished in steps of this many bytes.
    static let step = 8 << 20

    private static let pageSize = max(4096, Int(sysconf(Int32(_SC_PAGESIZE))))

    /// Drops the whole pages inside `range` (offsets into the mapping).
    func drop(_ range: Range<Int>) {
        guard let base else { return }
        let page = MappedPages.pageSize
        let lower = (range.lowerBound + page - 1) / page * page
        let upper = range.upperBound / page * page
        guard upper > lower else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + lower), upper - lower, Int32(MADV_DONTNEED))
    }

    /// Drops `from..<to` when it has grown to a step; returns where the next range starts.
    @inline(__always)
    func advance(from: Int, to: Int) -> Int {
        guard base != nil, to - from >= MappedPages.step else { return from }
        drop(from..<to)
        return to
    }
}

/// How the process's large buffers go back to the system. glibc serves a request of at least
/// its mmap threshold from its own mapping, returned on free; but it raises that threshold
/// (up to 32 MiB) each time such a block is freed, so after a CSV read the next phase's
/// buffers of a few MiB come from the heap, stay resident after they are freed, and the
/// profile read beside the training data peaked 280 MB higher (872 MB instead of 605 on
/// 1M x 40). A fixed threshold keeps large buffers returnable.
public enum LargeBuffers {
    private typealias SetOption = @convention(c) (Int32, Int32) -> Int32
    /// glibc's `mallopt` (its header is not part of the C library module), when present.
    private static let setOption: SetOption? = dlsym(nil, "mallopt").map { unsafeBitCast($0, to: SetOption.self) }
    /// `M_MMAP_THRESHOLD` in glibc's `malloc.h`.
    private static let mmapThreshold: Int32 = -3

    /// Blocks of 512 KiB and more get their own mapping, returned to the system when freed.
    /// Call once at process start (a no-op where the C library has no `mallopt`).
    public static func returnToTheSystemWhenFreed() {
        _ = setOption?(mmapThreshold, 512 << 10)
    }
}
