import Foundation

/// Small maps (tags, params, metrics) are stored as JSON objects in TEXT columns.
enum JSONColumns {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, column: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw RegistryError.invalidField(field: column, message: "stored JSON is unreadable: \(error)")
        }
    }
}
