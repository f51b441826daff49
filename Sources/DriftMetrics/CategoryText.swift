/// The text of a numeric value used as a category: integers without a fraction ("3", not
/// "3.0"), so numeric codes match text categories.
public enum CategoryText {
    /// `3.0` → "3"; other values as Swift prints them.
    public static func of(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
