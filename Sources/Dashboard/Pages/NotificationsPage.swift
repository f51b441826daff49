import AccessControl
import Foundation
import HTMLViews
import Notifications

/// The notifications page (`/ui/notifications`): webhook subscriptions and the newest
/// deliveries with each attempt's status or error. Admins only when access control is on (a
/// subscription's URL can carry a credential, as Slack's do): others see why they cannot.
struct NotificationsPage: Sendable {
    struct SubscriptionRow: Sendable {
        var id: String, events: String, format: String, target: String, createdBy: String, createdAgo: String
    }
    struct DeliveryRow: Sendable {
        var id: String, event: String, subscription: String, state: Badge, attempts: String, log: [String], createdISO: String, createdAgo: String
    }

    var chrome: PageChrome
    var allowed: Bool
    var kpis: [KPI] = []
    var subscriptions: [SubscriptionRow] = []
    var hasSubscriptions = false
    var deliveries: [DeliveryRow] = []
    var hasDeliveries = false
    var deliveryLimit = NotificationsPage.deliveryLimit

    static let deliveryLimit = 100

    static func build(services: DashboardServices, viewer: Viewer, chrome: PageChrome, now: Int64) throws -> NotificationsPage {
        guard viewer.accessOff || viewer.role == .admin && viewer.name != nil else { return NotificationsPage(chrome: chrome, allowed: false) }
        let database = services.registry.database
        let subscriptions = try SubscriptionStore(database: database).list()
        let deliveries = try DeliveryStore(database: database).list(limit: deliveryLimit)
        let dead = deliveries.filter { $0.state == "dead" }.count
        let pending = deliveries.filter { $0.state == "pending" }.count
        var page = NotificationsPage(chrome: chrome, allowed: true)
        page.kpis = [
            KPI(label: "Subscriptions", value: "\(subscriptions.count)", note: "webhook receivers", style: ""),
            KPI(
                label: "Delivered", value: "\(deliveries.filter { $0.state == "delivered" }.count)", note: "of the newest \(deliveries.count)",
                style: "ok"),
            KPI(label: "Pending", value: "\(pending)", note: "waiting for a worker or a retry", style: pending > 0 ? "info" : ""),
            KPI(label: "Dead", value: "\(dead)", note: "out of attempts", style: dead > 0 ? "bad" : "ok"),
        ]
        page.subscriptions = subscriptions.map { s in
            SubscriptionRow(
                id: s.id, events: s.events, format: s.format.rawValue, target: Self.target(s.url), createdBy: s.createdBy,
                createdAgo: Format.ago(s.createdAt, now: now))
        }
        page.hasSubscriptions = !subscriptions.isEmpty
        page.deliveries = deliveries.map { d in
            DeliveryRow(
                id: d.id, event: "#\(d.eventID) \(d.eventType)", subscription: d.subscriptionID, state: badge(d.state), attempts: "\(d.attempts)",
                log: d.attemptLog.map { a in
                    "attempt \(a.attempt): " + (a.status.map { "\($0)" } ?? (a.error ?? "no answer")) + " in \(a.durationMilliseconds) ms"
                }, createdISO: Format.iso(d.createdAt), createdAgo: Format.ago(d.createdAt, now: now))
        }
        page.hasDeliveries = !deliveries.isEmpty
        return page
    }

    /// Scheme, host and port only: the path of a webhook URL is often its credential.
    static func target(_ url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return "?" }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "") + ((components.path.count > 1) ? "/…" : "/")
    }

    static func badge(_ state: String) -> Badge {
        switch state {
        case "delivered": Badge(text: state, style: "ok")
        case "dead": Badge(text: state, style: "bad")
        default: Badge(text: state, style: "info")
        }
    }
}
