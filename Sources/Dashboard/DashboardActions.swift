import AccessControl
import Foundation
import HTMLViews
import HTTPAccess
import HTTPTypes
import Hummingbird
import JobQueue
import Logging
import MLOpsErrors
import MLOpsStore
import MLOpsTime
import ModelRegistry
import PipelineRuns
import RolloutControl

/// The dashboard's changes. Each has a confirmation page (GET: what will change, a reason) and
/// a POST that needs a deployer, a same-origin form and the session's CSRF token; the change is
/// the same service call as the CLI's, recorded with the token's name as the actor.
extension Dashboard {
    struct ConfirmPage: Sendable {
        struct Detail: Sendable {
            var label: String
            var value: String
        }
        var chrome: PageChrome
        var subject: String
        var title: String
        var question: String
        var details: [Detail]
        var hasDetails: Bool
        var action: String
        var fields: [HiddenField]
        var submitLabel: String
        var cancelHref: String
        var danger: Bool
        var reasonRequired: Bool
    }

    struct ErrorPage: Sendable {
        var chrome: PageChrome
        var heading: String
        var message: String
        var loginHref: String?
    }

    static let rolloutActions: [String: (label: String, notice: String, danger: Bool)] = [
        "pause": ("Pause the rollout", "paused", false), "resume": ("Resume the rollout", "resumed", false),
        "promote": ("Promote the challenger now", "rollout-promoted", false), "abort": ("Abort the rollout", "aborted", true),
    ]

    func registerActions(on router: RouteRegistrar) {
        router.get("/ui/models/{name}/promote", access: .session) { request, context in
            let name = try context.parameters.require("name")
            let version = request.uri.queryParameters["version"].flatMap { Int(String($0)) } ?? 0
            return await confirm(request) { chrome in
                let model = try services.registry.model(name)
                let target = try services.registry.resolve(ModelReference(model: name, selector: .version(version)))
                let current = try model.aliases["champion"].map { try services.registry.resolve(ModelReference(model: name, selector: .version($0))) }
                return ConfirmPage(
                    chrome: chrome, subject: name, title: "Promote \(name) v\(version)",
                    question: "v\(version) becomes the champion of \(name) on every server"
                        + (current.map { "; v\($0.version) becomes previous, for a rollback." } ?? "."),
                    details: Self.comparison(current, target), hasDetails: true,
                    action: "/ui/models/\(Format.pathSegment(name))/promote",
                    fields: [HiddenField(name: "version", value: "\(version)")], submitLabel: "Promote v\(version)",
                    cancelHref: "/ui/models/\(Format.pathSegment(name))", danger: false, reasonRequired: true)
            }
        }
        router.post("/ui/models/{name}/promote", access: .session) { request, context in
            let name = try context.parameters.require("name")
            return await act(request, back: "/ui/models/\(Format.pathSegment(name))", notice: "promoted") { viewer, form in
                guard let version = form["version"].flatMap(Int.init) else { throw FormError("the form names no version to promote") }
                _ = try services.registry.promote(model: name, version: version, actor: viewer.actor, reason: try Self.reason(form))
            }
        }
        router.get("/ui/models/{name}/rollback", access: .session) { request, context in
            let name = try context.parameters.require("name")
            return await confirm(request) { chrome in
                let model = try services.registry.model(name)
                guard let previous = model.aliases["previous"] else {
                    throw RegistryError.nothingToRollBack(model: name, reason: "it has no previous champion")
                }
                let target = try services.registry.resolve(ModelReference(model: name, selector: .version(previous)))
                let current = try model.aliases["champion"].map { try services.registry.resolve(ModelReference(model: name, selector: .version($0))) }
                return ConfirmPage(
                    chrome: chrome, subject: name, title: "Roll back \(name) to v\(previous)",
                    question: "v\(previous), the previous champion, answers again on every server"
                        + (current.map { " instead of v\($0.version)." } ?? "."),
                    details: Self.comparison(current, target), hasDetails: true,
                    action: "/ui/models/\(Format.pathSegment(name))/rollback", fields: [], submitLabel: "Roll back to v\(previous)",
                    cancelHref: "/ui/models/\(Format.pathSegment(name))", danger: true, reasonRequired: true)
            }
        }
        router.post("/ui/models/{name}/rollback", access: .session) { request, context in
            let name = try context.parameters.require("name")
            return await act(request, back: "/ui/models/\(Format.pathSegment(name))", notice: "rolled-back") { viewer, form in
                _ = try services.registry.rollback(model: name, actor: viewer.actor, reason: try Self.reason(form))
            }
        }
        router.get("/ui/models/{name}/rollout/{action}", access: .session) { request, context in
            let name = try context.parameters.require("name")
            let action = try context.parameters.require("action")
            return await confirm(request) { chrome in
                guard let spec = Self.rolloutActions[action] else {
                    throw RolloutControlError.noActiveRollout(model: "\(name) (no action '\(action)')")
                }
                guard let (rollout, _) = try services.rollouts.status(model: name, events: 1), rollout.isActive else {
                    throw RolloutControlError.noActiveRollout(model: name)
                }
                return ConfirmPage(
                    chrome: chrome, subject: name, title: "\(spec.label) of \(name)",
                    question:
                        "The rollout of v\(rollout.challenger) against champion v\(rollout.champion) is at \(Format.weight(rollout.state.weightPercent)).",
                    details: [], hasDetails: false, action: "/ui/models/\(Format.pathSegment(name))/rollout/\(action)", fields: [],
                    submitLabel: spec.label, cancelHref: "/ui/models/\(Format.pathSegment(name))/rollout",
                    danger: spec.danger, reasonRequired: action == "abort" || action == "promote")
            }
        }
        router.post("/ui/models/{name}/rollout/{action}", access: .session) { request, context in
            let name = try context.parameters.require("name")
            let action = try context.parameters.require("action")
            let notice = Self.rolloutActions[action]?.notice ?? "paused"
            return await act(request, back: "/ui/models/\(Format.pathSegment(name))/rollout", notice: notice) { viewer, form in
                let reason = try Self.reason(form, required: action == "abort" || action == "promote")
                let controller = services.rollouts
                switch action {
                case "pause": _ = try controller.pause(model: name, actor: viewer.actor, reason: reason)
                case "resume": _ = try controller.resume(model: name, actor: viewer.actor, reason: reason)
                case "promote": _ = try controller.promote(model: name, actor: viewer.actor, reason: reason)
                case "abort": _ = try controller.abort(model: name, actor: viewer.actor, reason: reason)
                default: throw FormError("no rollout action '\(action)': use pause, resume, promote or abort")
                }
            }
        }
        router.post("/ui/pipelines/{name}/run", access: .session) { request, context in
            let name = try context.parameters.require("name")
            return await act(request, back: "/ui/pipelines", notice: "started") { viewer, _ in
                guard let pipeline = try services.pipelines().first(where: { $0.name == name }) else {
                    throw FormError("no pipeline named '\(name)' in the server's pipelines directory")
                }
                let (job, _) = try PipelineJobs.startByHand(pipeline, queue: services.jobs, runs: services.runs, now: Clock.nowMilliseconds())
                logger.info(
                    "pipeline run started from the dashboard", metadata: ["pipeline": "\(name)", "job_id": "\(job.id)", "actor": "\(viewer.actor)"])
            }
        }
        router.post("/ui/jobs/{id}/retry", access: .session) { request, context in
            let id = Int64(try context.parameters.require("id")) ?? 0
            return await act(request, back: "/ui/pipelines", notice: "retried") { viewer, _ in
                _ = try services.jobs.retry(id: id, now: Clock.nowMilliseconds())
                logger.info("job retried from the dashboard", metadata: ["job_id": "\(id)", "actor": "\(viewer.actor)"])
            }
        }
    }

    /// A confirmation page, for deployers only.
    func confirm(_ request: Request, _ build: @escaping @Sendable (PageChrome) throws -> ConfirmPage) async -> Response {
        let started = ContinuousClock.now
        let viewer = await viewer(request)
        let path = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        let chrome = PageChrome(viewer: viewer, section: .models, path: path, now: Clock.nowMilliseconds())
        if let refused = refuseUnlessDeployer(viewer, chrome: chrome, started: started) { return refused }
        do {
            let page = try await Blocking.run { try build(chrome) }
            return renderer.page(page, template: "confirm", started: started)
        } catch {
            return errorPage(error, viewer: viewer, chrome: chrome, started: started)
        }
    }

    /// Runs a change from a form: deployer, same origin, CSRF token; then back to `back` with a notice.
    func act(
        _ request: Request, back: String, notice: String,
        _ change: @escaping @Sendable (Viewer, [String: String]) throws -> Void
    ) async -> Response {
        let started = ContinuousClock.now
        let viewer = await viewer(request)
        let chrome = PageChrome(viewer: viewer, section: .models, path: back, now: Clock.nowMilliseconds())
        if let refused = refuseUnlessDeployer(viewer, chrome: chrome, started: started) { return refused }
        guard let form = await form(request) else { return refusal(.badRequest, "The form could not be read.", started: started) }
        guard Self.sameOrigin(request), viewer.csrf.map({ SessionStore.tokensMatch(form["csrf"] ?? "", $0) }) ?? true else {
            countRefusal("csrf")
            logger.notice("dashboard form refused", metadata: ["path": "\(request.uri.path)", "reason": "csrf"])
            return refusal(.forbidden, "This form is stale or came from another site: reload the page and try again.", started: started)
        }
        do {
            try await Blocking.run { try change(viewer, form) }
        } catch {
            return errorPage(error, viewer: viewer, chrome: chrome, started: started)
        }
        await afterChange()
        return PageRenderer.redirect(Self.withNotice(HTTPForm.localPath(form["next"] ?? back), notice))
    }

    func refuseUnlessDeployer(_ viewer: Viewer, chrome: PageChrome, started: ContinuousClock.Instant) -> Response? {
        if viewer.canDeploy { return nil }
        let signedIn = viewer.name != nil
        countRefusal(signedIn ? "forbidden" : "missing")
        let page = ErrorPage(
            chrome: chrome, heading: signedIn ? "Not allowed" : "Sign in first",
            message: signedIn
                ? "Token '\(viewer.name ?? "")' has role \(viewer.role?.rawValue ?? "reader"); this needs deployer."
                : "Changes need a signed-in token with role deployer or admin.",
            loginHref: signedIn ? nil : chrome.loginHref)
        return renderer.page(page, template: "error", status: signedIn ? .forbidden : .unauthorized, started: started)
    }

    func refusal(_ status: HTTPResponse.Status, _ message: String, started: ContinuousClock.Instant) -> Response {
        let chrome = PageChrome(viewer: .anonymous, section: .none, path: "/", now: Clock.nowMilliseconds())
        return renderer.page(
            ErrorPage(chrome: chrome, heading: status == .forbidden ? "Refused" : "Bad request", message: message, loginHref: nil),
            template: "error", status: status, started: started)
    }

    /// A failure as a page: what was not found, what conflicts, what was wrong with the form; the
    /// store's own failures logged and shown without detail.
    func errorPage(_ error: Error, viewer: Viewer, chrome: PageChrome, started: ContinuousClock.Instant) -> Response {
        let page = Self.errorPage(ErrorCategory.of(error), message: "\(error)")
        if page.status.code >= 500 { logger.error("dashboard page failed", metadata: ["error": "\(error)"]) }
        return renderer.page(
            ErrorPage(chrome: chrome, heading: page.heading, message: page.message, loginHref: nil), template: "error",
            status: page.status, started: started)
    }

    /// The status, heading and message of each category (the one place the dashboard turns
    /// categories into pages); the store's own failures are shown without detail.
    static func errorPage(_ category: ErrorCategory, message: String) -> (status: HTTPResponse.Status, heading: String, message: String) {
        switch category {
        case .notFound: (.notFound, "Not found", message)
        case .alreadyExists, .conflict: (.conflict, "Not done", message)
        case .invalid: (.badRequest, "Bad request", message)
        case .unauthorized: (.unauthorized, "Sign in first", message)
        case .forbidden: (.forbidden, "Not allowed", message)
        case .unavailable:
            (.serviceUnavailable, "Something went wrong", "The store could not answer; try again in a moment. The server log has the details.")
        case .internal:
            (.internalServerError, "Something went wrong", "The page could not be built; the server log has the details.")
        }
    }

    /// The form's reason, trimmed; required ones must not be empty.
    static func reason(_ form: [String: String], required: Bool = true) throws -> String? {
        let reason = (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty && required { throw FormError("a reason is required: it goes into the history") }
        guard reason.count <= 500 else { throw FormError("the reason is longer than 500 characters") }
        return reason.isEmpty ? nil : reason
    }

    /// The current champion's and the target's metrics side by side.
    static func comparison(_ current: ModelVersion?, _ target: ModelVersion) -> [ConfirmPage.Detail] {
        var details = [
            ConfirmPage.Detail(
                label: "Now champion", value: current.map { "v\($0.version), registered \(Format.time($0.createdAt)) by \($0.createdBy)" } ?? "none"),
            ConfirmPage.Detail(
                label: "New champion", value: "v\(target.version), registered \(Format.time(target.createdAt)) by \(target.createdBy)"),
        ]
        for key in Set(target.metrics.keys).union(current?.metrics.keys ?? [:].keys).sorted().prefix(8) {
            details.append(.init(label: key, value: "\(Format.metric(current?.metrics[key])) → \(Format.metric(target.metrics[key]))"))
        }
        return details
    }
}

/// Something wrong with a submitted form, said in words for the page.
struct FormError: CategorizedError {
    let description: String
    var category: ErrorCategory { .invalid }
    init(_ description: String) { self.description = description }
}
