/// The rollout page: where the canary stands, the weight over time, both arms with intervals,
/// the guardrails, the decision log, and pause / resume / promote / abort for deployers.
enum RolloutTemplate {
    static let page = """
        {{<layout}}{{$title}}Rollout · {{model}}{{/title}}{{$content}}
        <p class="crumbs"><a href="/">Models</a> / <a href="{{modelHref}}">{{model}}</a> / rollout</p>
        {{^hasRollout}}<h1>Rollout of {{model}}</h1><p class="empty">{{model}} has never had a rollout. Start one with <code>mlops rollout start {{model}} --challenger N</code> or a pipeline's canary step.</p>{{/hasRollout}}
        {{#hasRollout}}
        <div class="head"><div><h1>Rollout of {{model}}: v{{champion}} → v{{challenger}}</h1>
        <p>Started {{started}} by {{createdBy}} · primary metric {{metricName}} · {{#shadow}}shadow mode · {{/shadow}}<span class="mono">{{id}}</span></p></div>
        <div class="actions"><span class="badge large {{status.style}}">{{status.text}}</span>
        {{#controls}}<a class="button {{style}}" href="{{href}}">{{label}}…</a>{{/controls}}</div></div>
        <dl class="kpis">{{#kpis}}<div class="kpi {{style}}"><dt>{{label}}</dt><dd>{{value}}<span class="sub">{{note}}</span></dd></div>{{/kpis}}</dl>
        <h2>Steps</h2>
        <ol class="steps" aria-label="Rollout steps">{{#steps}}<li class="{{style}}"{{#current}} aria-current="step"{{/current}}>{{label}}</li>{{/steps}}</ol>
        <h2>Challenger traffic over time</h2>
        <div class="panel">{{{weightChart}}}</div>
        <h2>Primary metric: {{metricName}} <span class="note">{{metricNote}}</span></h2>
        <div class="panel">{{{intervalChart}}}
        <p class="hint">Arms: mean of the current step with a 95% normal interval. Difference (challenger − champion): the mixture-SPRT's always-valid 95% confidence sequence, safe to watch continuously; it decides at α = {{alpha}}.</p></div>
        <h2>Arms <span class="note">this step; whole rollout in parentheses</span></h2>
        <div class="table-wrap"><table>
        <thead><tr><th scope="col">Arm</th><th scope="col" class="num">Requests</th><th scope="col" class="num">Labelled</th><th scope="col" class="num">Clicks</th><th scope="col" class="num">CTR</th><th scope="col" class="num">{{metricName}}</th><th scope="col" class="num">95% interval</th><th scope="col" class="num">Error rate</th><th scope="col" class="num">p99 latency</th></tr></thead>
        <tbody>{{#arms}}<tr><th scope="row"><span class="chip {{style}}">{{name}} v{{version}}</span></th><td class="num">{{requests}}</td><td class="num">{{labelled}} <span class="muted">({{labelledOverall}})</span></td><td class="num">{{clicks}}</td><td class="num">{{ctr}}</td><td class="num">{{mean}}</td><td class="num">{{interval}}</td><td class="num">{{errorRate}}</td><td class="num">{{p99}}</td></tr>{{/arms}}</tbody>
        </table></div>
        <h2>Guardrails</h2>
        <div class="table-wrap"><table>
        <thead><tr><th scope="col">Guardrail</th><th scope="col" class="num">Value</th><th scope="col" class="num">Limit</th><th scope="col">State</th></tr></thead>
        <tbody>{{#guardrails}}<tr><th scope="row">{{name}}</th><td class="num">{{value}}</td><td class="num">{{limit}}</td><td><span class="badge {{state.style}}">{{state.text}}</span></td></tr>{{/guardrails}}</tbody>
        </table></div>
        <h2>Decision log <span class="note">newest first</span></h2>
        <div class="table-wrap"><table>
        <thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col" class="num">Weight</th><th scope="col">By</th><th scope="col">Detail</th></tr></thead>
        <tbody>{{#events}}<tr><td><time datetime="{{iso}}">{{time}}</time></td><td><span class="badge {{style}}">{{kind}}</span></td><td class="num">{{weights}}</td><td>{{actor}}</td><td>{{detail}}</td></tr>{{/events}}</tbody>
        </table></div>
        {{/hasRollout}}
        {{/content}}{{/layout}}
        """
}
