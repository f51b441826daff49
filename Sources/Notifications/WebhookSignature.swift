import Crypto
import Foundation

/// A Standard Webhooks signing secret: `whsec_` and the base64 of 24–64 random bytes (the
/// form the reference libraries take). Its description never shows the key.
public struct WebhookSecret: Sendable, CustomStringConvertible {
    public static let prefix = "whsec_"
    public let key: [UInt8]

    public init(parsing text: String) throws {
        guard text.hasPrefix(Self.prefix), let key = Data(base64Encoded: String(text.dropFirst(Self.prefix.count))),
            (24...64).contains(key.count)
        else {
            throw NotificationError(
                "a webhook secret must be 'whsec_' followed by the base64 of 24 to 64 bytes (as Standard Webhooks libraries expect)")
        }
        self.key = Array(key)
    }

    init(key: [UInt8]) { self.key = key }

    /// 32 random bytes.
    public static func generate() -> WebhookSecret {
        var generator = SystemRandomNumberGenerator()
        return WebhookSecret(key: (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The secret as stored and shown once: `whsec_…`.
    public var text: String { Self.prefix + Data(key).base64EncodedString() }

    public var description: String { "whsec_…(hidden)" }
}

/// Standard Webhooks signing: `webhook-signature: v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>`,
/// with `webhook-id` (the delivery's id, the same on every attempt) and `webhook-timestamp`
/// (Unix seconds of this attempt) beside it.
public enum WebhookSignature {
    public static func sign(id: String, timestamp: Int64, body: [UInt8], secret: WebhookSecret) -> String {
        var message = Array("\(id).\(timestamp).".utf8)
        message.append(contentsOf: body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret.key))
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The three headers of one attempt.
    public static func headers(id: String, timestamp: Int64, body: [UInt8], secret: WebhookSecret) -> [(name: String, value: String)] {
        [
            (name: "webhook-id", value: id), (name: "webhook-timestamp", value: String(timestamp)),
            (name: "webhook-signature", value: sign(id: id, timestamp: timestamp, body: body, secret: secret)),
        ]
    }
}
