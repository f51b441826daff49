import Glibc

/// Cuts a byte stream into lines on `\n`: a trailing `\r` is removed, bytes are decoded as
/// UTF-8 lossily, a line longer than `maxLineBytes` keeps its first `maxLineBytes` bytes (cut
/// at a character boundary) followed by `…`, and `finish` flushes a final unterminated line.
struct LineSplitter {
    /// The longest line kept whole: 64 KiB.
    static let defaultMaxLineBytes = 65_536

    let maxLineBytes: Int
    private var pending: [UInt8] = []
    private var overflowed = false

    /// Creates a splitter that truncates lines longer than `maxLineBytes`.
    init(maxLineBytes: Int = LineSplitter.defaultMaxLineBytes) {
        self.maxLineBytes = max(1, maxLineBytes)
        pending.reserveCapacity(256)
    }

    /// Consumes `bytes`, calling `emit` for every line they complete.
    mutating func append(_ bytes: UnsafeRawBufferPointer, emit: (String) -> Void) {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        while start < bytes.count {
            let rest = bytes.count - start
            if let found = memchr(base + start, 0x0A, rest) {
                let end = base.distance(to: UnsafeRawPointer(found))
                keep(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                emitPending(emit)
                start = end + 1
            } else {
                keep(UnsafeRawBufferPointer(rebasing: bytes[start...]))
                start = bytes.count
            }
        }
    }

    /// Emits the unterminated rest, if any (call at end of stream).
    mutating func finish(emit: (String) -> Void) {
        if !pending.isEmpty || overflowed { emitPending(emit) }
    }

    /// Keeps up to `maxLineBytes + 1` bytes of the current line (one extra for a final `\r`).
    private mutating func keep(_ bytes: UnsafeRawBufferPointer) {
        guard !overflowed else { return }
        let room = maxLineBytes + 1 - pending.count
        if bytes.count <= room {
            pending.append(contentsOf: bytes)
        } else {
            pending.append(contentsOf: bytes.prefix(room))
            overflowed = true
        }
    }

    private mutating func emitPending(_ emit: (String) -> Void) {
        if !overflowed, pending.last == 0x0D { pending.removeLast() }
        if overflowed || pending.count > maxLineBytes {
            let end = Self.characterBoundary(pending, atMost: maxLineBytes)
            emit(String(decoding: pending[..<end], as: UTF8.self) + "…")
        } else {
            emit(String(decoding: pending, as: UTF8.self))
        }
        pending.removeAll(keepingCapacity: true)
        overflowed = false
    }

    /// The largest cut `≤ limit` that does not split a UTF-8 sequence started before it.
    static func characterBoundary(_ bytes: [UInt8], atMost limit: Int) -> Int {
        let end = min(limit, bytes.count)
        var lead = end - 1
        var continuations = 0
        while lead >= 0, continuations < 3, bytes[lead] & 0xC0 == 0x80 {
            lead -= 1
            continuations += 1
        }
        guard lead >= 0 else { return end }
        let byte = bytes[lead]
        let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        return end - lead < length ? lead : end
    }
}
