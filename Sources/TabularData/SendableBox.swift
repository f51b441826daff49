/// Hands memory that distinct threads touch at distinct indices across a concurrent loop (the
/// caller guarantees there is no overlap and that the loop has ended before the memory is read).
public struct SendableBox<Value>: @unchecked Sendable {
    public let value: Value
    public init(_ value: Value) { self.value = value }
}
