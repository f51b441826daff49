/// The notifications page: subscriptions (URLs shortened to their host) and the newest
/// deliveries with every attempt.
enum NotificationsTemplate {
    static let page = """
        {{<layout}}{{$title}}Notifications{{/title}}{{$content}}
        <div class="head"><div><h1>Notifications</h1><p>Webhooks for rollouts, promotions, pipelines, drift and performance, signed per Standard Webhooks. Manage them with <code>mlops notify</code> or <code>/api/v1/notifications</code>.</p></div></div>
        {{#allowed}}
        <dl class="kpis">{{#kpis}}<div class="kpi {{style}}"><dt>{{label}}</dt><dd>{{value}}<span class="sub">{{note}}</span></dd></div>{{/kpis}}</dl>
        <h2>Subscriptions</h2>
        {{#hasSubscriptions}}<div class="table-wrap"><table>
        <thead><tr><th scope="col">Subscription</th><th scope="col">Events</th><th scope="col">Format</th><th scope="col">Receiver</th><th scope="col">Added</th></tr></thead>
        <tbody>{{#subscriptions}}<tr><th scope="row"><span class="mono">{{id}}</span></th><td><code>{{events}}</code></td><td>{{format}}</td><td class="mono">{{target}}</td><td>{{createdAgo}} <span class="muted">by {{createdBy}}</span></td></tr>{{/subscriptions}}</tbody>
        </table></div>{{/hasSubscriptions}}
        {{^hasSubscriptions}}<p class="empty">No subscriptions. <code>mlops notify add --url https://… --events 'rollout.*,pipeline.failed'</code> adds one.</p>{{/hasSubscriptions}}
        <h2>Deliveries <span class="note">newest first, at most {{deliveryLimit}}</span></h2>
        {{#hasDeliveries}}<div class="table-wrap"><table>
        <thead><tr><th scope="col">Delivery</th><th scope="col">Event</th><th scope="col">Subscription</th><th scope="col">State</th><th scope="col" class="num">Attempts</th><th scope="col">Each attempt</th><th scope="col">Created</th></tr></thead>
        <tbody>{{#deliveries}}<tr><th scope="row"><span class="mono">{{id}}</span></th><td>{{event}}</td><td class="mono">{{subscription}}</td>
        <td><span class="badge {{state.style}}">{{state.text}}</span></td><td class="num">{{attempts}}</td>
        <td>{{#log}}<div class="muted">{{.}}</div>{{/log}}</td><td><time datetime="{{createdISO}}">{{createdAgo}}</time></td></tr>{{/deliveries}}</tbody>
        </table></div>{{/hasDeliveries}}
        {{^hasDeliveries}}<p class="empty">No deliveries yet: events are delivered by a worker (<code>mlops worker run</code>).</p>{{/hasDeliveries}}
        {{/allowed}}
        {{^allowed}}<p class="hint">Webhook subscriptions and deliveries are for admins: sign in with an admin token.</p>{{/allowed}}
        {{/content}}{{/layout}}
        """
}
