/// Assigns dense codes 0, 1, 2, … to distinct byte strings in order of first appearance, without
/// making a `String` per lookup: keys live once in a byte arena, found through an open-addressing
/// table of 64-bit hashes. The CSV reader keeps one per categorical column and part.
final class CategoryInterner: @unchecked Sendable {
    // Used by one thread at a time (each part of a parse owns its interners).
    private var arena: [UInt8] = []
    /// `starts[code]..<starts[code + 1]` is the key of `code` in `arena`.
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Open-addressing slots holding `code + 1` (0 = empty); the count is a power of two.
    private var slots: [Int32] = Array(repeating: 0, count: 64)

    /// Number of distinct keys.
    var count: Int { starts.count - 1 }

    /// The code of `base[start..<end]`, added when new.
    func code(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int32 {
        let hash = CategoryInterner.hash(base, from: start, to: end)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            let code = entry - 1
            if hashes[code] == hash, equals(code, base, from: start, to: end) { return Int32(code) }
            slot = (slot + 1) & mask
        }
        let code = count
        arena.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
        starts.append(arena.count)
        hashes.append(hash)
        slots[slot] = Int32(code + 1)
        if count * 2 > slots.count { rehash() }
        return Int32(code)
    }

    /// The code of a byte array, added when new.
    func code(_ bytes: [UInt8]) -> Int32 {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else {
                return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { empty in
                    code(UnsafePointer(empty.baseAddress!), from: 0, to: 0)
                }
            }
            return code(base, from: 0, to: buffer.count)
        }
    }

    /// The key of `code` as bytes.
    func key(_ code: Int) -> ArraySlice<UInt8> { arena[starts[code]..<starts[code + 1]] }

    /// Every key as a `String`, in code order.
    func strings() -> [String] {
        (0..<count).map { String(decoding: key($0), as: UTF8.self) }
    }

    private func equals(_ code: Int, _ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Bool {
        let lo = starts[code]
        let length = starts[code + 1] - lo
        guard length == end - start else { return false }
        return arena.withUnsafeBufferPointer { stored in
            for k in 0..<length where stored[lo + k] != base[start + k] { return false }
            return true
        }
    }

    private func rehash() {
        var grown = [Int32](repeating: 0, count: slots.count * 2)
        let mask = grown.count - 1
        for code in 0..<count {
            var slot = Int(truncatingIfNeeded: hashes[code]) & mask
            while grown[slot] != 0 { slot = (slot + 1) & mask }
            grown[slot] = Int32(code + 1)
        }
        slots = grown
    }

    /// FNV-1a over the bytes, then a final mix so the low bits (the slot) depend on every byte.
    @inline(__always)
    static func hash(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in start..<end {
            h ^= UInt64(base[k])
            h &*= 0x0000_0100_0000_01b3
        }
        h ^= h >> 33
        h &*= 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }
}
