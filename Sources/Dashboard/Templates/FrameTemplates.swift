/// The page frame every page extends (`{{<layout}}` with `title` and `content` blocks), and the
/// small pages: sign-in, confirmation of a change, errors.
enum FrameTemplates {
    static let layout = """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        {{#chrome.refreshSeconds}}<meta http-equiv="refresh" content="{{chrome.refreshSeconds}}">{{/chrome.refreshSeconds}}
        <title>{{$title}}Dashboard{{/title}} · mlops</title>
        <link rel="stylesheet" href="/ui/assets/dashboard.css?v={{chrome.assetVersion}}">
        <link rel="icon" href="data:,">
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="topbar">
        <nav aria-label="Main">
        <a class="brand" href="/">mlops</a>
        <a href="/"{{#chrome.navModels}} aria-current="page"{{/chrome.navModels}}>Models</a>
        <a href="/ui/pipelines"{{#chrome.navPipelines}} aria-current="page"{{/chrome.navPipelines}}>Pipelines &amp; jobs</a>
        </nav>
        <div class="who">
        {{#chrome.accessOff}}<span class="badge bad" title="mlops serve --no-auth: anyone who reaches this server may change anything">access control off</span>{{/chrome.accessOff}}
        {{#chrome.signedIn}}<span>Signed in as <strong>{{chrome.name}}</strong> ({{chrome.role}})</span>
        <form method="post" action="/ui/logout"><input type="hidden" name="csrf" value="{{chrome.csrf}}"><button class="link" type="submit">Sign out</button></form>{{/chrome.signedIn}}
        {{#chrome.canSignIn}}<a href="{{chrome.loginHref}}">Sign in</a>{{/chrome.canSignIn}}
        </div>
        </header>
        <main id="main">
        {{#chrome.notice}}<p class="notice" role="status">{{chrome.notice}}</p>{{/chrome.notice}}
        {{$content}}{{/content}}
        </main>
        <footer>Rendered {{chrome.renderedAt}}{{#chrome.refreshSeconds}} · reloads every {{chrome.refreshSeconds}} s{{/chrome.refreshSeconds}} · times in UTC · drift counts as of the servers' last flush</footer>
        </body>
        </html>
        """

    static let login = """
        {{<layout}}{{$title}}Sign in{{/title}}{{$content}}
        <section class="panel login" aria-labelledby="login-title">
        <h1 id="login-title">Sign in</h1>
        <p class="muted">Paste an API token (<code>mlops auth token create --name you --role deployer</code>). The dashboard keeps a session cookie; the token itself is not stored in the browser.</p>
        {{#error}}<p class="error-box" role="alert">{{error}}</p>{{/error}}
        <form method="post" action="/ui/login">
        <input type="hidden" name="next" value="{{next}}">
        <label for="token">API token</label>
        <input id="token" name="token" type="password" autocomplete="off" required autofocus spellcheck="false">
        <p><button class="primary" type="submit">Sign in</button></p>
        </form>
        </section>
        {{/content}}{{/layout}}
        """

    static let confirm = """
        {{<layout}}{{$title}}{{title}}{{/title}}{{$content}}
        <p class="crumbs"><a href="/">Models</a> / <a href="{{cancelHref}}">{{subject}}</a></p>
        <section class="panel" aria-labelledby="confirm-title">
        <h1 id="confirm-title">{{title}}</h1>
        <p>{{question}}</p>
        {{#hasDetails}}<dl class="facts">{{#details}}<dt>{{label}}</dt><dd>{{value}}</dd>{{/details}}</dl>{{/hasDetails}}
        <form method="post" action="{{action}}">
        <input type="hidden" name="csrf" value="{{chrome.csrf}}">
        {{#fields}}<input type="hidden" name="{{name}}" value="{{value}}">{{/fields}}
        <label for="reason">Reason{{#reasonRequired}} (required){{/reasonRequired}}</label>
        <textarea id="reason" name="reason" maxlength="500"{{#reasonRequired}} required{{/reasonRequired}} aria-describedby="reason-hint"></textarea>
        <p class="hint" id="reason-hint">Recorded in the history with your token's name.</p>
        <p class="actions"><button class="{{#danger}}danger{{/danger}}{{^danger}}primary{{/danger}}" type="submit">{{submitLabel}}</button>
        <a class="button secondary" href="{{cancelHref}}">Cancel</a></p>
        </form>
        </section>
        {{/content}}{{/layout}}
        """

    static let error = """
        {{<layout}}{{$title}}{{heading}}{{/title}}{{$content}}
        <section class="panel" aria-labelledby="error-title">
        <h1 id="error-title">{{heading}}</h1>
        <p class="error-box" role="alert">{{message}}</p>
        <p><a href="/">Back to the models</a>{{#loginHref}} · <a href="{{loginHref}}">Sign in</a>{{/loginHref}}</p>
        </section>
        {{/content}}{{/layout}}
        """
}
