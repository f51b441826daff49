import Foundation
import HTMLViews

/// What every page's frame shows: the navigation (with the current section marked), who is
/// signed in and how to sign in or out, an access-control warning, a notice after an action.
struct PageChrome: Sendable {
    var navModels: Bool
    var navPipelines: Bool
    var signedIn: Bool
    var name: String
    var role: String
    var csrf: String
    var canSignIn: Bool
    var loginHref: String
    var accessOff: Bool
    var notice: String?
    var renderedAt: String
    /// Reload the page every so many seconds (a `<meta>` refresh, no script); nil for pages with forms.
    var refreshSeconds: Int? = nil
    var assetVersion = DashboardStyle.version

    enum Section { case models, pipelines, none }

    /// The sign-in page, coming back to `path` afterwards.
    static func loginHref(next path: String) -> String { "/ui/login?next=" + Format.pathSegment(path) }

    init(viewer: Viewer, section: Section, path: String, notice: String? = nil, now: Int64) {
        navModels = section == .models
        navPipelines = section == .pipelines
        signedIn = viewer.name != nil
        name = viewer.name ?? ""
        role = viewer.role?.rawValue ?? ""
        csrf = viewer.csrf ?? ""
        accessOff = viewer.accessOff
        canSignIn = !viewer.accessOff && viewer.name == nil
        loginHref = Self.loginHref(next: path)
        self.notice = notice
        renderedAt = Format.time(now)
    }
}

/// A coloured label: its text and its CSS class (`ok`, `warn`, `bad`, `neutral`, `info`).
struct Badge: Sendable {
    var text: String
    var style: String
}

/// A headline figure at the top of a page.
struct KPI: Sendable {
    var label: String
    var value: String
    var note: String
    var style: String
}

/// A hidden field of a form.
struct HiddenField: Sendable {
    var name: String
    var value: String
}
