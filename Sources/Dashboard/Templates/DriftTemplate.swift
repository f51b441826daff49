/// The drift page: every feature's PSI and CSI (worst first), reference against live bars for a
/// chosen feature, PSI per time window, and the data-quality counts.
enum DriftTemplate {
    static let page = """
        {{<layout}}{{$title}}Drift · {{model}}{{/title}}{{$content}}
        <p class="crumbs"><a href="/">Models</a> / <a href="{{modelHref}}">{{model}}</a> / drift</p>
        <div class="head"><div><h1>Drift of {{model}}{{#version}} v{{version}}{{/version}}</h1><p>Live traffic counted into the training profile's bins, against the reference, over the last {{rangeLabel}}.</p></div>
        {{#hasData}}<div class="actions"><span class="badge large {{overall.style}}">{{overall.text}}</span></div>{{/hasData}}</div>
        <nav class="ranges" aria-label="Time range">{{#ranges}}<a href="{{href}}"{{#current}} aria-current="true"{{/current}}>{{label}}</a>{{/ranges}}
        {{#versions}}<a href="{{href}}"{{#current}} aria-current="true"{{/current}}>{{label}}</a>{{/versions}}</nav>
        {{^hasData}}<p class="empty">{{message}}</p>{{/hasData}}
        {{#hasData}}
        <dl class="kpis">{{#kpis}}<div class="kpi {{style}}"><dt>{{label}}</dt><dd>{{value}}<span class="sub">{{note}}</span></dd></div>{{/kpis}}</dl>
        <div class="grid-2">
        <section><h2>{{selected}}: reference vs live</h2><div class="panel">{{{barsChart}}}</div></section>
        <section><h2>{{selected}}: PSI per window</h2><div class="panel">{{#seriesChart}}{{{seriesChart}}}{{/seriesChart}}{{^seriesChart}}<p class="muted">No windows counted in this range.</p>{{/seriesChart}}</div></section>
        </div>
        <h2>Features <span class="note">sorted by PSI, a name charts it above; moderate ≥ {{moderate}}, significant ≥ {{significant}}</span></h2>
        <div class="table-wrap"><table>
        <thead><tr><th scope="col">Feature</th><th scope="col" class="num">PSI</th><th scope="col" class="num">CSI</th><th scope="col" class="num">KL</th><th scope="col" class="num">JS</th><th scope="col">Verdict</th><th scope="col" class="num">Rows</th></tr></thead>
        <tbody>{{#features}}<tr{{#selected}} class="selected" aria-current="true"{{/selected}}><th scope="row"><a href="{{href}}">{{name}}</a></th><td class="num">{{psi}}</td><td class="num">{{csi}}</td><td class="num">{{kl}}</td><td class="num">{{js}}</td><td><span class="badge {{verdict.style}}">{{verdict.text}}</span>{{#note}} <span class="muted">{{note}}</span>{{/note}}</td><td class="num">{{rows}}</td></tr>{{/features}}</tbody>
        </table></div>
        <h2>Data quality <span class="note">live rows in the range</span></h2>
        <div class="table-wrap"><table>
        <thead><tr><th scope="col">Feature</th><th scope="col" class="num">Missing (reference)</th><th scope="col" class="num">Missing (live)</th><th scope="col" class="num">Out of range</th><th scope="col" class="num">Non-numeric</th><th scope="col" class="num" title="rows whose category the serving model has no code for">New to the model</th><th scope="col" class="num" title="rows whose category the profile does not keep: for an id like device_ip most rows, and normal">In &#8220;other&#8221;</th></tr></thead>
        <tbody>{{#quality}}<tr><th scope="row">{{name}}</th><td class="num">{{missingReference}}</td><td class="num">{{missingLive}}</td><td class="num">{{outOfRange}}</td><td class="num">{{nonNumeric}}</td><td class="num">{{newToModel}}</td><td class="num">{{other}}</td></tr>{{/quality}}</tbody>
        </table></div>
        {{#absent}}<p class="error-box">Features of the profile with no live values in this range: {{absent}}</p>{{/absent}}
        {{/hasData}}
        {{/content}}{{/layout}}
        """
}
