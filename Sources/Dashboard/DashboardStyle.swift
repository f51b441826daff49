/// The dashboard's one stylesheet, served from the binary at `/ui/assets/dashboard.css`: light
/// and dark themes by `prefers-color-scheme` (colour pairs chosen for WCAG AA contrast), a
/// visible keyboard focus ring, the chart classes the inline SVGs use, print rules.
enum DashboardStyle {
    /// A hash of the stylesheet (FNV-1a): it changes whenever the stylesheet does, so browsers
    /// may cache `dashboard.css?v=…` for a long time.
    static let version: String = {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in css.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }()

    static let css = """
        :root {
          color-scheme: light dark;
          --bg: #f4f6f8; --panel: #ffffff; --text: #1c2128; --muted: #57606a; --border: #d0d7de;
          --grid: #e3e7ec; --axis: #8b949e; --link: #0550ae; --focus: #0969da; --top: #0d1117; --top-text: #f0f3f6;
          --ref: #8a94a6; --cur: #2563eb; --series: #2563eb; --champ: #6e7781; --chall: #8250df;
          --ok-bg: #dcf3e2; --ok-fg: #135a2a; --warn-bg: #fff0c2; --warn-fg: #6a4100;
          --bad-bg: #fde1df; --bad-fg: #8e1a16; --neutral-bg: #e9edf1; --neutral-fg: #3b434c;
          --info-bg: #ddf4ff; --info-fg: #0a3069; --ok-dot: #2f9e55; --warn-dot: #d39b0b; --bad-dot: #d1352b;
          --button: #1f6feb; --button-text: #ffffff; --danger: #cf222e;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #0d1117; --panel: #161b22; --text: #e6edf3; --muted: #9da7b3; --border: #30363d;
            --grid: #21262d; --axis: #6e7681; --link: #79c0ff; --focus: #58a6ff; --top: #010409; --top-text: #e6edf3;
            --ref: #6f7a8b; --cur: #58a0ff; --series: #58a0ff; --champ: #8b949e; --chall: #bc8cff;
            --ok-bg: #10321c; --ok-fg: #8fe0a9; --warn-bg: #3a2c06; --warn-fg: #f5cf62;
            --bad-bg: #47181a; --bad-fg: #ffaaa4; --neutral-bg: #262d36; --neutral-fg: #c9d1d9;
            --info-bg: #0c2d4b; --info-fg: #a5d6ff; --ok-dot: #3fb96a; --warn-dot: #e0a92a; --bad-dot: #f0544a;
            --button: #1f6feb; --button-text: #ffffff; --danger: #cf222e;
          }
        }
        * { box-sizing: border-box; }
        html { background: var(--bg); color: var(--text); }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
        a { color: var(--link); }
        a:not(:hover) { text-decoration: none; }
        :focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
        .skip { position: absolute; left: -9999px; top: 8px; background: var(--panel); padding: 6px 10px; z-index: 10; }
        .skip:focus { left: 8px; }
        code, .mono { font: 12.5px/1.3 ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
        .num { font-variant-numeric: tabular-nums; text-align: right; white-space: nowrap; }
        .muted { color: var(--muted); }
        .topbar { background: var(--top); color: var(--top-text); display: flex; align-items: center; justify-content: space-between; gap: 16px; padding: 0 24px; min-height: 52px; flex-wrap: wrap; }
        .topbar nav { display: flex; align-items: center; gap: 4px; }
        .topbar a { color: var(--top-text); padding: 8px 12px; border-radius: 6px; }
        .topbar a[aria-current="page"] { background: rgba(255,255,255,.14); font-weight: 650; }
        .topbar a:hover { background: rgba(255,255,255,.08); text-decoration: none; }
        .topbar .brand { font-weight: 750; font-size: 17px; letter-spacing: .02em; margin-right: 12px; padding-left: 0; }
        .who { display: flex; align-items: center; gap: 12px; font-size: 13px; }
        .who form { margin: 0; }
        .who button.link { background: none; border: 1px solid rgba(255,255,255,.35); color: var(--top-text); border-radius: 6px; padding: 4px 10px; cursor: pointer; font: inherit; }
        main { max-width: 1280px; margin: 0 auto; padding: 20px 24px 40px; }
        footer { max-width: 1280px; margin: 0 auto; padding: 0 24px 24px; color: var(--muted); font-size: 12px; }
        h1 { font-size: 24px; line-height: 1.2; margin: 0 0 4px; overflow-wrap: anywhere; }
        h2 { font-size: 17px; margin: 28px 0 10px; }
        h2 .note { font-size: 13px; font-weight: 400; color: var(--muted); margin-left: 6px; }
        .crumbs { font-size: 13px; color: var(--muted); margin: 0 0 6px; }
        .head { display: flex; justify-content: space-between; align-items: flex-start; gap: 16px; flex-wrap: wrap; }
        .head p { margin: 4px 0 0; color: var(--muted); }
        .actions { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
        .panel { background: var(--panel); border: 1px solid var(--border); border-radius: 10px; padding: 14px 18px; }
        .kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 16px 0 0; padding: 0; }
        .kpi { background: var(--panel); border: 1px solid var(--border); border-radius: 10px; padding: 10px 14px; margin: 0; }
        .kpi dt { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
        .kpi dd { margin: 4px 0 0; font-size: 22px; font-weight: 650; line-height: 1.15; }
        .kpi dd .sub { display: block; font-size: 12px; font-weight: 400; color: var(--muted); margin-top: 2px; }
        .kpi.bad { border-left: 4px solid var(--bad-dot); } .kpi.warn { border-left: 4px solid var(--warn-dot); } .kpi.ok { border-left: 4px solid var(--ok-dot); }
        .table-wrap { overflow-x: auto; background: var(--panel); border: 1px solid var(--border); border-radius: 10px; }
        table { border-collapse: collapse; width: 100%; }
        caption { text-align: left; padding: 10px 14px 0; color: var(--muted); font-size: 13px; }
        th, td { padding: 8px 14px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--border); }
        thead th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; white-space: nowrap; }
        tbody tr:last-child td, tbody tr:last-child th { border-bottom: none; }
        tbody tr:hover { background: color-mix(in srgb, var(--panel) 92%, var(--text)); }
        tr.selected { background: color-mix(in srgb, var(--panel) 85%, var(--cur)); }
        th[scope="row"] { font-weight: 650; }
        th .muted, th .mono { font-weight: 400; } th .mono { white-space: nowrap; }
        .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 650; white-space: nowrap; background: var(--neutral-bg); color: var(--neutral-fg); }
        .badge.ok { background: var(--ok-bg); color: var(--ok-fg); } .badge.warn { background: var(--warn-bg); color: var(--warn-fg); }
        .badge.bad { background: var(--bad-bg); color: var(--bad-fg); } .badge.info { background: var(--info-bg); color: var(--info-fg); }
        .badge.large { font-size: 15px; padding: 3px 14px; }
        .chip { display: inline-block; padding: 1px 8px; border-radius: 6px; font-size: 12px; background: var(--neutral-bg); color: var(--neutral-fg); white-space: nowrap; margin: 1px 2px 1px 0; }
        .chip.champion { background: var(--ok-bg); color: var(--ok-fg); font-weight: 650; } .chip.challenger { background: var(--info-bg); color: var(--info-fg); font-weight: 650; }
        .notice { background: var(--info-bg); color: var(--info-fg); border-radius: 8px; padding: 8px 14px; margin: 0 0 14px; }
        .error-box { background: var(--bad-bg); color: var(--bad-fg); border-radius: 8px; padding: 8px 14px; margin: 8px 0; overflow-wrap: anywhere; }
        .empty { padding: 16px 18px; background: var(--panel); border: 1px dashed var(--border); border-radius: 10px; color: var(--muted); }
        .button, button.primary, button.danger, button.secondary { display: inline-block; border-radius: 6px; padding: 6px 14px; font: inherit; font-weight: 600; cursor: pointer; border: 1px solid transparent; text-decoration: none; line-height: 1.3; }
        .button, button.primary { background: var(--button); color: var(--button-text); }
        .button.secondary, button.secondary { background: var(--panel); color: var(--text); border-color: var(--border); }
        .button.danger, button.danger { background: var(--danger); color: #ffffff; }
        .button.small, button.small { padding: 2px 10px; font-size: 12.5px; }
        .button:hover { text-decoration: none; filter: brightness(1.08); }
        form.inline { display: inline; margin: 0; }
        label { display: block; font-weight: 600; margin: 12px 0 4px; }
        input[type="text"], input[type="password"], textarea { width: 100%; max-width: 560px; padding: 7px 10px; border-radius: 6px; border: 1px solid var(--border); background: var(--bg); color: var(--text); font: inherit; }
        textarea { min-height: 70px; }
        .hint { font-size: 12.5px; color: var(--muted); margin: 4px 0 0; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; margin: 0; }
        dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
        .steps { display: flex; gap: 4px; flex-wrap: wrap; list-style: none; padding: 0; margin: 0; }
        .steps li { padding: 2px 10px; border-radius: 6px; font-size: 12.5px; background: var(--neutral-bg); color: var(--neutral-fg); white-space: nowrap; }
        .steps li.done, .steps li.succeeded { background: var(--ok-bg); color: var(--ok-fg); }
        .steps li.current, .steps li.running { background: var(--info-bg); color: var(--info-fg); font-weight: 650; outline: 2px solid var(--cur); }
        .steps li.failed { background: var(--bad-bg); color: var(--bad-fg); font-weight: 650; }
        .timeline { list-style: none; margin: 0; padding: 0; }
        .timeline li { display: grid; grid-template-columns: 180px 110px 1fr; gap: 12px; padding: 8px 14px; border-bottom: 1px solid var(--border); }
        .timeline li:last-child { border-bottom: none; }
        .timeline .reason { color: var(--muted); }
        .grid-2 { display: grid; grid-template-columns: 1fr; gap: 0 16px; }
        @media (min-width: 1800px) { main { max-width: 1720px; } .grid-2 { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
        @media (max-width: 900px) { .timeline li { grid-template-columns: 1fr; gap: 2px; } }
        .ranges { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; margin: 12px 0 0; }
        .ranges a { padding: 3px 10px; border-radius: 999px; border: 1px solid var(--border); background: var(--panel); }
        .ranges a[aria-current="true"] { background: var(--button); color: var(--button-text); border-color: transparent; }
        details > summary { cursor: pointer; color: var(--link); }
        svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
        svg.chart text { fill: var(--muted); font-size: 11px; }
        svg.chart .legend text, svg.chart .row-label { fill: var(--text); font-size: 12.5px; }
        svg.chart .grid line { stroke: var(--grid); stroke-width: 1; }
        svg.chart .xaxis line { stroke: var(--axis); stroke-width: 1; }
        svg.chart .bar-ref { fill: var(--ref); } svg.chart .bar-cur { fill: var(--cur); }
        svg.chart .bin:hover .hit { fill: var(--text); fill-opacity: .07; }
        svg.chart .series { stroke: var(--series); stroke-width: 2.5; }
        svg.chart .dot { fill: var(--series); } svg.chart .dot.ok { fill: var(--ok-dot); } svg.chart .dot.warn { fill: var(--warn-dot); } svg.chart .dot.bad { fill: var(--bad-dot); }
        svg.chart .threshold { stroke: var(--axis); stroke-width: 1; stroke-dasharray: 5 4; }
        svg.chart .reference { stroke: var(--text); stroke-width: 1.2; stroke-dasharray: 4 3; }
        svg.chart .ci { stroke-width: 3; stroke-linecap: round; }
        svg.chart .champion .ci { stroke: var(--champ); } svg.chart .champion .dot { fill: var(--champ); }
        svg.chart .challenger .ci { stroke: var(--chall); } svg.chart .challenger .dot { fill: var(--chall); }
        svg.chart .difference .ci { stroke: var(--text); } svg.chart .difference .dot { fill: var(--text); }
        .legend-line { display: flex; gap: 14px; font-size: 12.5px; color: var(--muted); margin: 6px 0 0; }
        .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; }
        .swatch.ref { background: var(--ref); } .swatch.cur { background: var(--cur); }
        .login { max-width: 560px; margin: 40px auto; }
        @media print { .topbar, .actions, form { display: none; } .panel, .table-wrap, .kpi { border-color: #999; } }
        """
}
