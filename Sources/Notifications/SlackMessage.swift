import Foundation

/// An event as a Slack incoming-webhook message: `{"text": …}` with a one-line summary in
/// Slack's mrkdwn (the event type in bold, the model, versions and reason, a link when the
/// event has one), and the same summary as a section block.
public enum SlackMessage {
    public static func body(eventJSON: [UInt8]) throws -> [UInt8] {
        guard let event = try JSONSerialization.jsonObject(with: Data(eventJSON)) as? [String: Any] else {
            throw NotificationError("an event's body is not a JSON object")
        }
        let text = summary(event)
        let message: [String: Any] = [
            "text": text,
            "blocks": [["type": "section", "text": ["type": "mrkdwn", "text": text]]],
        ]
        return Array(try JSONSerialization.data(withJSONObject: message, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    /// `*rollout.rolled_back* ctr: challenger 4 vs champion 3, reason: latency_p99_ratio — <link|open>`.
    static func summary(_ event: [String: Any]) -> String {
        let type = event["type"] as? String ?? "event"
        let data = event["data"] as? [String: Any] ?? [:]
        var parts: [String] = []
        if let model = data["model"] as? String { parts.append(escape(model)) }
        if let pipeline = data["pipeline"] as? String { parts.append("pipeline " + escape(pipeline)) }
        for key in ["version", "from_version", "challenger", "champion", "job_id", "kind"] {
            if let value = data[key], !(value is NSNull) { parts.append("\(key.replacingOccurrences(of: "_", with: " ")) \(escape("\(value)"))") }
        }
        if let reason = data["reason"] as? String, !reason.isEmpty { parts.append("reason: " + escape(reason)) }
        if let error = data["error"] as? String, !error.isEmpty { parts.append("error: " + escape(String(error.prefix(300)))) }
        var text = "*\(escape(type))*" + (parts.isEmpty ? "" : " " + parts.joined(separator: ", "))
        if let link = data["link"] as? String, link.hasPrefix("http") { text += " — <\(link)|open>" }
        return text
    }

    /// Slack's three control characters.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
