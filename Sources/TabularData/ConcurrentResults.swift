import Foundation

/// Fixed-size results written by concurrent workers, one slot per index (used by parallel loops
/// across the modules: per-feature profiles, per-node splits, per-chunk counts).
public final class ConcurrentResults<T>: @unchecked Sendable {
    private var storage: [T?]
    private let lock = NSLock()

    public init(count: Int) { storage = Array(repeating: nil, count: count) }

    public func set(_ index: Int, _ value: T) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    /// The values of the slots that were set, in index order.
    public var values: [T] { storage.compactMap { $0 } }

    /// The slots that were set, with their indices.
    public var indexedValues: [(Int, T)] { storage.enumerated().compactMap { i, v in v.map { (i, $0) } } }
}
