/// Receives the validated entries of an archive, and the decoded bytes of each file.
protocol ArchiveEntrySink {
    /// Called once per entry, before any of its data.
    mutating func begin(_ entry: ValidatedEntry) throws
    /// Called with successive chunks of a file entry's data.
    mutating func write(_ chunk: UnsafeRawBufferPointer) throws
    /// Called after the last chunk of an entry.
    mutating func end(_ entry: ValidatedEntry) throws
}

/// Reads a whole archive, validating every header and counting every decoded byte, and
/// feeds the entries to a sink. Data is always decoded (never skipped), so truncation
/// and corruption are detected even when nothing is extracted.
enum ArchiveScanner {
    /// Scans the archive `reader` under `limits`; returns the number of entries delivered
    /// and file bytes decoded.
    static func scan<Sink: ArchiveEntrySink>(
        _ reader: ArchiveReader, limits: ArchiveLimits,
        into sink: inout Sink
    ) throws -> ExtractionSummary {
        var validator = EntryValidator(limits: limits)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { buffer.deallocate() }
        var delivered = 0
        while let header = try reader.nextEntry() {
            let validated = try validator.admit(header)
            if let validated { try sink.begin(validated) }
            while true {
                let n = try reader.readData(into: buffer)
                if n == 0 { break }
                try validator.account(bytes: n)
                if validated != nil { try sink.write(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) }
            }
            if let validated {
                try sink.end(validated)
                delivered += 1
            }
        }
        return ExtractionSummary(entries: delivered, totalBytes: validator.totalBytes)
    }
}

/// A sink that only collects entry paths.
struct NameCollector: ArchiveEntrySink {
    private(set) var names: [String] = []

    mutating func begin(_ entry: ValidatedEntry) throws { names.append(entry.path) }
    mutating func write(_ chunk: UnsafeRawBufferPointer) throws {}
    mutating func end(_ entry: ValidatedEntry) throws {}
}
