/// The performance page: per version and arm, realized metrics against the holdout baseline,
/// the alarm, the label-free estimates, and log loss per hour against the baseline.
enum PerformanceTemplate {
    static let page = """
        {{<layout}}{{$title}}Performance · {{model}}{{/title}}{{$content}}
        <p class="crumbs"><a href="/">Models</a> / <a href="{{modelHref}}">{{model}}</a> / performance</p>
        <div class="head"><div><h1>Performance of {{model}}</h1><p>Predictions joined to their click feedback, per hour of the prediction, over the last {{rangeLabel}}; counted until {{countedUntil}}.</p></div></div>
        <nav class="ranges" aria-label="Time range">{{#ranges}}<a href="{{href}}"{{#current}} aria-current="true"{{/current}}>{{label}}</a>{{/ranges}}</nav>
        {{^hasData}}<p class="empty">{{message}}</p>{{/hasData}}
        {{#hasData}}
        <div class="table-wrap"><table>
        <thead><tr><th scope="col">Version</th><th scope="col">Arm</th><th scope="col" class="num">Labelled / rows</th><th scope="col" class="num" title="holdout baseline in brackets">Log loss (holdout)</th><th scope="col" class="num" title="holdout baseline in brackets">AUC (holdout)</th><th scope="col" class="num" title="observed over expected clicks">Calibration</th><th scope="col" class="num" title="from the scores alone: right only for a calibrated model">Est. log loss</th><th scope="col" class="num">Est. AUC</th><th scope="col">Alarm</th></tr></thead>
        <tbody>{{#rows}}<tr><th scope="row">{{version}}</th><td>{{arm}}</td><td class="num">{{labelled}}</td><td class="num">{{logLoss}} ({{baselineLogLoss}})</td><td class="num">{{auc}} ({{baselineAUC}})</td><td class="num">{{calibration}}</td><td class="num">{{estimatedLogLoss}}</td><td class="num">{{estimatedAUC}}</td><td><span class="badge {{alarm.style}}" title="{{alarmNote}}">{{alarm.text}}</span></td></tr>{{/rows}}</tbody>
        </table></div>
        {{#notes}}<p class="muted">{{.}}</p>{{/notes}}
        <div class="grid-2">{{#charts}}<section><h2>{{title}}</h2><div class="panel">{{{svg}}}</div></section>{{/charts}}</div>
        {{/hasData}}
        {{/content}}{{/layout}}
        """
}
