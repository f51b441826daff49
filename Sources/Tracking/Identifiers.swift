/// Ids for runs and logged models: 32 lowercase hex digits (a random UUID without dashes), the
/// shape MLflow clients expect.
enum Identifiers {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let a = generator.next() as UInt64
        let b = generator.next() as UInt64
        return hex(a) + hex(b)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
