/// The pipelines and jobs page: recent runs with their steps' states and durations, failures
/// with their errors, the dead letter, and retry for deployers.
enum PipelinesTemplate {
    static let page = """
        {{<layout}}{{$title}}Pipelines & jobs{{/title}}{{$content}}
        <div class="head"><div><h1>Pipelines &amp; jobs</h1><p>Retraining runs (scheduled, drift- and performance-triggered, and by hand) and the job queue under them. Webhooks: <a href="/ui/notifications">notifications</a>.</p></div></div>
        <dl class="kpis">{{#kpis}}<div class="kpi {{style}}"><dt>{{label}}</dt><dd>{{value}}<span class="sub">{{note}}</span></dd></div>{{/kpis}}</dl>
        {{#hasPipelines}}<h2>Pipelines <span class="note">from the server's pipelines directory</span></h2>
        <div class="table-wrap"><table>
        <thead><tr><th scope="col">Pipeline</th><th scope="col">Model</th><th scope="col">Runs</th><th scope="col">Steps</th><th scope="col">Last run</th>{{#canDeploy}}<th scope="col"><span class="muted">Action</span></th>{{/canDeploy}}</tr></thead>
        <tbody>{{#pipelines}}<tr><th scope="row">{{name}}</th><td><a href="{{modelHref}}">{{model}}</a></td><td>{{trigger}}</td><td>{{steps}}</td>
        <td>{{#lastRun}}<span class="badge {{style}}">{{text}}</span> <span class="muted">{{lastRunAgo}}</span>{{/lastRun}}{{^lastRun}}<span class="muted">never</span>{{/lastRun}}</td>
        {{#canDeploy}}<td><form class="inline" method="post" action="/ui/pipelines/{{name}}/run"><input type="hidden" name="csrf" value="{{chrome.csrf}}"><button class="primary small" type="submit">Run now</button></form></td>{{/canDeploy}}</tr>{{/pipelines}}</tbody>
        </table></div>{{/hasPipelines}}
        {{#pipelinesError}}<p class="error-box">{{pipelinesError}}</p>{{/pipelinesError}}
        <h2>Recent runs <span class="note">newest first, at most {{runLimit}}</span></h2>
        {{#hasRuns}}<div class="table-wrap"><table>
        <thead><tr><th scope="col">Run</th><th scope="col">Model</th><th scope="col">Trigger</th><th scope="col">State</th><th scope="col">Started</th><th scope="col" class="num">Duration</th><th scope="col">Steps</th></tr></thead>
        <tbody>{{#runs}}<tr>
        <th scope="row"><span class="mono">{{id}}</span><div class="muted">{{pipeline}}</div></th>
        <td><a href="{{modelHref}}">{{model}}</a></td><td>{{trigger}}</td>
        <td><span class="badge {{state.style}}">{{state.text}}</span></td>
        <td><time datetime="{{startedISO}}" title="{{started}}">{{startedAgo}}</time></td>
        <td class="num">{{duration}}</td>
        <td><ol class="steps" aria-label="Steps of {{id}}">{{#steps}}<li class="{{state}}" title="{{title}}"><span aria-hidden="true">{{symbol}} </span>{{name}}<span class="sr-only"> {{state}}</span>{{#duration}} · {{duration}}{{/duration}}</li>{{/steps}}</ol>
        {{#error}}<div class="error-box">{{error}}</div>{{/error}}
        {{#retryJob}}{{#canDeploy}}<form class="inline" method="post" action="/ui/jobs/{{retryJob}}/retry"><input type="hidden" name="csrf" value="{{chrome.csrf}}"><input type="hidden" name="next" value="/ui/pipelines"><button class="primary small" type="submit">Retry step {{retryStep}}</button></form>{{/canDeploy}}{{/retryJob}}</td>
        </tr>{{/runs}}</tbody></table></div>{{/hasRuns}}
        {{^hasRuns}}<p class="empty">No pipeline runs yet. <code>mlops scheduler run</code> starts them on their schedule, <code>mlops pipelines run NAME</code> by hand.</p>{{/hasRuns}}
        <h2>Dead letter <span class="note">jobs that used all their attempts</span></h2>
        {{#hasDead}}<div class="table-wrap"><table>
        <thead><tr><th scope="col">Job</th><th scope="col">Kind</th><th scope="col" class="num">Attempts</th><th scope="col">Last error</th><th scope="col">When</th>{{#canDeploy}}<th scope="col"><span class="muted">Action</span></th>{{/canDeploy}}</tr></thead>
        <tbody>{{#dead}}<tr><th scope="row">#{{id}}</th><td>{{kind}} <span class="muted">on {{queue}}</span></td><td class="num">{{attempts}}</td><td><div class="error-box">{{error}}</div></td><td><time datetime="{{iso}}">{{ago}}</time></td>
        {{#canDeploy}}<td><form class="inline" method="post" action="/ui/jobs/{{id}}/retry"><input type="hidden" name="csrf" value="{{chrome.csrf}}"><input type="hidden" name="next" value="/ui/pipelines"><button class="primary small" type="submit">Retry</button></form></td>{{/canDeploy}}</tr>{{/dead}}</tbody>
        </table></div>{{/hasDead}}
        {{^hasDead}}<p class="empty">The dead letter is empty.</p>{{/hasDead}}
        {{^canDeploy}}{{#signInHint}}<p class="hint">Sign in with a deployer token to retry failed steps and jobs.</p>{{/signInHint}}{{/canDeploy}}
        {{/content}}{{/layout}}
        """
}
