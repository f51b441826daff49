import Crypto

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Streaming SHA-256 of files (never loads a whole file into memory).
enum FileDigest {
    /// Size of the read buffer.
    static let chunkSize = 1 << 16

    /// SHA-256 (lowercase hex) and size of the file at `path`.
    static func sha256(ofFile path: String) throws -> (hex: String, size: Int64) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystem.error(path, "open failed") }
        defer { close(fd) }
        return try copy(from: fd, sourcePath: path, to: nil, destinationPath: "")
    }

    /// Copies `source` to the new file `destination` (created with `O_EXCL`, fsynced),
    /// returning the SHA-256 and size of the bytes copied. The partial destination is
    /// removed on failure.
    static func copyFile(from source: String, to destination: String) throws -> (hex: String, size: Int64) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw FileSystem.error(source, "open failed") }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard output >= 0 else {
            if errno == EEXIST { throw ArchiveError.alreadyExists(path: destination) }
            throw FileSystem.error(destination, "create failed")
        }
        do {
            let result = try copy(from: input, sourcePath: source, to: output, destinationPath: destination)
            if fsync(output) != 0 { throw FileSystem.error(destination, "fsync failed") }
            if close(output) != 0 {
                throw FileSystem.error(destination, "close failed")
            }
            return result
        } catch {
            close(output)
            unlink(destination)
            throw error
        }
    }

    /// Lowercase hex of `bytes`.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `value` is 64 lowercase hexadecimal characters.
    static func isDigest(_ value: String) -> Bool {
        value.utf8.count == 64 && value.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// Reads `input` to its end, hashing, and writing to `output` when given.
    private static func copy(
        from input: Int32, sourcePath: String,
        to output: Int32?, destinationPath: String
    ) throws -> (hex: String, size: Int64) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        var size: Int64 = 0
        while true {
            let n = try FileSystem.readSome(input, into: buffer, path: sourcePath)
            if n == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            hasher.update(bufferPointer: chunk)
            if let output { try FileSystem.writeAll(output, chunk, path: destinationPath) }
            size += Int64(n)
        }
        return (hex(hasher.finalize()), size)
    }
}
