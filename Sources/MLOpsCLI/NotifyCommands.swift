import ArgumentParser
import Foundation
import JobQueue
import MLOpsTime
import Notifications

/// `mlops notify`: webhook subscriptions for the platform's events, and their deliveries.
struct NotifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify", abstract: "Webhooks for rollouts, promotions, pipelines, drift and performance: subscribe, test, see deliveries.",
        subcommands: [NotifyAdd.self, NotifyList.self, NotifyRemove.self, NotifyTest.self, NotifyDeliveries.self])
}

extension NotificationFormat: ExpressibleByArgument {}

struct NotifyAdd: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Subscribe a URL to events (signed per Standard Webhooks).",
        discussion: "Event types: \(EventOutbox.eventTypes.joined(separator: ", ")). Deliveries run on a worker (`mlops worker run`).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Where to POST events (https://, or http:// for loopback receivers).") var url: String
    @Option(help: "Comma-separated event types or families: '*', 'rollout.*', 'pipeline.failed'.") var events: String = "*"
    @Option(help: "A 'whsec_…' signing secret; generated and shown once when omitted.") var secret: String?
    @Option(help: "json (the event itself) or slack (a Slack incoming-webhook message).") var format: NotificationFormat = .json
    @Flag(help: "Print machine-readable JSON.") var json = false

    func run() throws {
        let context = try CommandContext(global)
        let added = try SubscriptionStore(database: context.database).add(
            url: url, events: events, format: format, secret: secret, actor: global.resolvedActor, now: Clock.nowMilliseconds())
        if json {
            struct Added: Encodable {
                let subscription: Subscription
                let secret: String?
            }
            return try Output.json(Added(subscription: added.subscription, secret: secret == nil ? added.secret : nil))
        }
        Output.line("subscribed \(added.subscription.id): \(added.subscription.events) → \(url) (\(format.rawValue))")
        if secret == nil { Output.line("signing secret (shown this once; receivers verify with it): \(added.secret)") }
    }
}

struct NotifyList: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The subscriptions (never their secrets).")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print machine-readable JSON.") var json = false

    func run() throws {
        let context = try CommandContext(global)
        let subscriptions = try SubscriptionStore(database: context.database).list()
        if json { return try Output.json(subscriptions) }
        guard !subscriptions.isEmpty else { return Output.line("no subscriptions (add one with mlops notify add --url …)") }
        Output.table(
            ["ID", "EVENTS", "FORMAT", "URL", "BY", "CREATED"],
            subscriptions.map { [$0.id, $0.events, $0.format.rawValue, $0.url, $0.createdBy, UTCTime.iso8601($0.createdAt / 1000)] })
    }
}

struct NotifyRemove: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a subscription (its pending deliveries end without being sent).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The subscription's id (sub_…).") var id: String

    func run() throws {
        let context = try CommandContext(global)
        try SubscriptionStore(database: context.database).remove(id)
        Output.line("removed \(id)")
    }
}

struct NotifyTest: AsyncParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "test", abstract: "Send a signed notification.test event to a subscription now and print the receiver's answer.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The subscription's id (sub_…).") var id: String
    @Flag(help: "Print machine-readable JSON.") var json = false

    func run() async throws {
        let context = try CommandContext(global)
        let result = try await WebhookSender.test(
            id, store: SubscriptionStore(database: context.database), timeoutSeconds: EventOutbox.DeliverySettings.fromEnvironment().timeoutSeconds)
        if json {
            try Output.json(result)
        } else if result.succeeded {
            Output.line("\(id): the receiver answered \(result.status ?? 0) in \(result.durationMilliseconds) ms")
        }
        guard result.succeeded else { throw CLIFailure("\(id): \(result.error ?? "no answer") (after \(result.durationMilliseconds) ms)") }
    }
}

struct NotifyDeliveries: ParsableCommand, HasGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "deliveries", abstract: "Deliveries, newest first, with each attempt's status or error.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this subscription's.") var subscription: String?
    @Option(help: "Only deliveries in this state: pending, delivered or dead.") var state: String?
    @Option(help: "At most this many.") var limit: Int = 20
    @Flag(help: "Print machine-readable JSON.") var json = false

    func validate() throws {
        if let state, !["pending", "delivered", "dead"].contains(state) { throw ValidationError("--state must be pending, delivered or dead") }
        guard (1...1_000).contains(limit) else { throw ValidationError("--limit must be 1…1000") }
    }

    func run() throws {
        let context = try CommandContext(global)
        let deliveries = try DeliveryStore(database: context.database).list(subscription: subscription, state: state, limit: limit)
        if json { return try Output.json(deliveries) }
        guard !deliveries.isEmpty else { return Output.line("no deliveries") }
        Output.table(
            ["DELIVERY", "EVENT", "SUBSCRIPTION", "STATE", "ATTEMPTS", "LAST", "CREATED"],
            deliveries.map { d in
                [
                    d.id, "\(d.eventID) \(d.eventType)", d.subscriptionID, d.state, String(d.attempts),
                    d.lastStatus.map(String.init) ?? (d.lastError.map { String($0.prefix(60)) } ?? "-"), UTCTime.iso8601(d.createdAt / 1000),
                ]
            })
    }
}
