/// Converts UBJSON (Universal Binary JSON, draft 12) documents — such as
/// XGBoost's `model.ubj` files — into compact JSON text.
///
/// The output is what XGBoost's `save_model("model.json")` writes, up to
/// number formatting: floats use the shortest decimal that round-trips to the
/// same `Float`/`Double`, and NaN/±infinity are written as the bare tokens
/// `NaN`, `Infinity` and `-Infinity`, matching XGBoost's own JSON writer.
///
/// Hostile input cannot crash the converter or make it allocate without
/// bound: every length and count is checked against the remaining bytes,
/// negative lengths are rejected, and nesting depth is capped at
/// ``maximumNestingDepth``.
public enum UBJSON {
    /// The deepest nesting of arrays and objects a document may have.
    public static let maximumNestingDepth = 512

    /// Converts a complete UBJSON document to compact JSON text.
    ///
    /// - Parameter bytes: The whole document; exactly one top-level value,
    ///   optionally preceded by no-ops (`N`), with nothing after it.
    /// - Returns: The equivalent JSON text, with no insignificant whitespace.
    /// - Throws: `UBJSONError` naming the problem and its byte offset, for
    ///   truncated input, an unknown marker, a bad or negative length, a
    ///   count too large for the remaining bytes, invalid UTF-8, nesting
    ///   deeper than ``maximumNestingDepth``, or trailing bytes.
    public static func jsonText(from bytes: [UInt8]) throws(UBJSONError) -> String {
        var converter = Converter(bytes: bytes)
        return try converter.convert()
    }
}
