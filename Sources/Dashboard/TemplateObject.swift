import Mustache

/// A page's view model read once by reflection into dictionaries for the templates. Mustache
/// looks a name up by reflecting the value again at every look (and in every enclosing value
/// until one has it): on the models page that was most of the time. Read once, each look is a
/// dictionary lookup. An absent optional becomes `false`: its sections are skipped and its
/// inverted sections shown, and the name never falls through to an enclosing value that has the
/// same name (reflection's nil did: a step without a duration showed its run's).
struct TemplateObject: MustacheParent, @unchecked Sendable {
    let fields: [String: Any]

    func child(named name: String) -> Any? { fields[name] }

    /// `value` with every struct in it made a `TemplateObject`, arrays mapped, optionals unwrapped.
    static func wrap(_ value: Any) -> Any {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct?, .class?:
            var fields: [String: Any] = [:]
            for child in mirror.children {
                if let label = child.label { fields[label] = wrap(child.value) }
            }
            return TemplateObject(fields: fields)
        case .collection?:
            return mirror.children.map { wrap($0.value) }
        case .optional?:
            return mirror.children.first.map { wrap($0.value) } ?? false
        default:
            return value
        }
    }
}
