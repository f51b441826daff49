/// A set of small non-negative integers (0-63) as a bit mask: the values one cron field allows.
struct ValueSet: Hashable, Sendable {
    /// Bit `v` is set when `v` is in the set.
    var bits: UInt64 = 0

    /// The empty set.
    init() {}

    /// The set holding every value of `range` (within 0-63).
    init(_ range: ClosedRange<Int>) {
        for v in range { insert(v) }
    }

    /// Whether the set holds no value.
    var isEmpty: Bool { bits == 0 }

    /// Whether `value` is in the set.
    func contains(_ value: Int) -> Bool {
        value >= 0 && value < 64 && bits & (1 << UInt64(value)) != 0
    }

    /// Adds `value` (0-63).
    mutating func insert(_ value: Int) {
        bits |= 1 << UInt64(value)
    }

    /// Removes `value` (0-63).
    mutating func remove(_ value: Int) {
        bits &= ~(1 << UInt64(value))
    }

    /// The smallest value in the set, if any.
    var first: Int? { next(atOrAfter: 0) }

    /// The largest value in the set, if any.
    var last: Int? { previous(atOrBefore: 63) }

    /// The smallest value in the set that is `>= value`, if any.
    func next(atOrAfter value: Int) -> Int? {
        let from = max(value, 0)
        guard from < 64 else { return nil }
        let masked = bits & (~UInt64(0) << UInt64(from))
        return masked == 0 ? nil : masked.trailingZeroBitCount
    }

    /// The largest value in the set that is `<= value`, if any.
    func previous(atOrBefore value: Int) -> Int? {
        guard value >= 0 else { return nil }
        let through = min(value, 63)
        let mask: UInt64 = through == 63 ? ~0 : (1 << UInt64(through + 1)) - 1
        let masked = bits & mask
        return masked == 0 ? nil : 63 - masked.leadingZeroBitCount
    }
}
