/// One open array or object on the converter's explicit stack.
struct ContainerFrame {
    /// `true` for an object (`{`), `false` for an array (`[`).
    let isObject: Bool
    /// The `$` element type, or `nil` when every value carries its own marker.
    let elementType: UInt8?
    /// Values still to read for a `#`-counted container, or `nil` for a
    /// container that ends at its closing marker.
    var remaining: Int?
    /// Whether no value has been written yet (so no comma is due).
    var isEmpty = true

    /// The byte that closes this container in both UBJSON and JSON.
    var closingByte: UInt8 { isObject ? Marker.objectEnd : Marker.arrayEnd }
}
