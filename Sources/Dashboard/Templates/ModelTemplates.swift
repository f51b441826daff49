/// The models page (every model at a glance) and the model page (versions, aliases, history,
/// promote and roll back).
enum ModelTemplates {
    static let models = """
        {{<layout}}{{$title}}Models{{/title}}{{$content}}
        <div class="head"><div><h1>Models</h1><p>Champion, challenger, last promotion and drift of every registered model.</p></div></div>
        <dl class="kpis">{{#kpis}}<div class="kpi {{style}}"><dt>{{label}}</dt><dd>{{value}}<span class="sub">{{note}}</span></dd></div>{{/kpis}}</dl>
        <h2>Registered models <span class="note">drift of each champion over the last {{driftRange}}</span></h2>
        {{#hasModels}}<div class="table-wrap"><table>
        <thead><tr><th scope="col">Model</th><th scope="col">Champion</th><th scope="col">Challenger</th><th scope="col">Last promotion</th><th scope="col">Drift</th><th scope="col" class="num">Versions</th></tr></thead>
        <tbody>
        {{#models}}<tr>
        <th scope="row"><a href="{{href}}">{{name}}</a>{{#description}}<div class="muted">{{description}}</div>{{/description}}</th>
        <td>{{#champion}}<span class="chip champion">v{{champion}}</span> {{#championMetric}}<span class="muted">{{championMetric}}</span>{{/championMetric}}{{/champion}}{{^champion}}<span class="muted">none</span>{{/champion}}</td>
        <td>{{#challenger}}<span class="chip challenger">v{{challenger}}</span>{{/challenger}}{{#rollout}} <a class="badge {{rollout.style}}" href="{{rolloutHref}}">{{rollout.text}}</a>{{/rollout}}{{^challenger}}{{^rollout}}<span class="muted">none</span>{{/rollout}}{{/challenger}}</td>
        <td>{{#lastChange}}<time datetime="{{lastChangeISO}}" title="{{lastChangeTime}}">{{lastChange}}</time><div class="muted">{{lastChangeDetail}}</div>{{/lastChange}}{{^lastChange}}<span class="muted">never</span>{{/lastChange}}</td>
        <td><a class="badge {{drift.style}}" href="{{driftHref}}" title="{{driftTitle}}">{{drift.text}}</a></td>
        <td class="num">{{versions}}</td>
        </tr>{{/models}}
        </tbody></table></div>{{/hasModels}}
        {{^hasModels}}<p class="empty">No models registered yet. <code>mlops registry register</code> or a pipeline's register step adds one.</p>{{/hasModels}}
        {{/content}}{{/layout}}
        """

    static let model = """
        {{<layout}}{{$title}}{{name}}{{/title}}{{$content}}
        <p class="crumbs"><a href="/">Models</a> / {{name}}</p>
        <div class="head"><div><h1>{{name}}</h1>{{#description}}<p>{{description}}</p>{{/description}}
        <p>{{#aliases}}<span class="chip {{style}}">{{alias}} → v{{version}}</span>{{/aliases}}{{^aliases}}<span class="muted">no aliases</span>{{/aliases}}</p></div>
        <div class="actions"><a class="button secondary" href="{{rolloutHref}}">Rollout</a><a class="button secondary" href="{{driftHref}}">Drift</a><a class="button secondary" href="{{performanceHref}}">Performance</a>
        {{#rollbackHref}}<a class="button danger" href="{{rollbackHref}}">Roll back to v{{previous}}…</a>{{/rollbackHref}}</div></div>
        <h2>Versions <span class="note">{{versionCount}} in all, newest first</span></h2>
        <div class="table-wrap"><table>
        <thead><tr><th scope="col">Version</th><th scope="col">Aliases</th><th scope="col">Registered</th><th scope="col">Flavor</th>{{#metricNames}}<th scope="col" class="num">{{.}}</th>{{/metricNames}}<th scope="col">Status</th>{{#canDeploy}}<th scope="col"><span class="muted">Action</span></th>{{/canDeploy}}</tr></thead>
        <tbody>
        {{#versions}}<tr>
        <th scope="row">v{{version}}</th>
        <td>{{#aliases}}<span class="chip {{style}}">{{alias}}</span>{{/aliases}}</td>
        <td><time datetime="{{createdISO}}" title="{{created}}">{{createdAgo}}</time><div class="muted">by {{createdBy}}</div></td>
        <td>{{flavor}}</td>
        {{#metrics}}<td class="num">{{.}}</td>{{/metrics}}
        <td><span class="badge {{statusStyle}}">{{status}}</span></td>
        {{#canDeploy}}<td>{{#promoteHref}}<a class="button small" href="{{promoteHref}}">Promote…</a>{{/promoteHref}}</td>{{/canDeploy}}
        </tr>{{/versions}}
        </tbody></table></div>
        {{^canDeploy}}{{#signInHint}}<p class="hint">Sign in with a deployer token to promote or roll back.</p>{{/signInHint}}{{/canDeploy}}
        <h2 id="history">History <span class="note">{{historyNote}}</span></h2>
        <div class="panel"><ol class="timeline" reversed>
        {{#history}}<li><time datetime="{{iso}}" title="{{time}}">{{time}}</time><span><span class="badge {{style}}">{{kind}}</span></span><span>{{summary}} <span class="muted">by {{actor}}</span>{{#reason}}<div class="reason">“{{reason}}”</div>{{/reason}}</span></li>{{/history}}
        </ol>{{#olderHref}}<p><a href="{{olderHref}}">Older events →</a></p>{{/olderHref}}</div>
        {{/content}}{{/layout}}
        """
}
