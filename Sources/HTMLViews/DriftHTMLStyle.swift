/// The stylesheet of the HTML drift report: light and dark themes (prefers-color-scheme),
/// print rules, and the chart colours (the SVG charts use these classes).
enum DriftHTMLStyle {
    static let css = """
        :root {
          color-scheme: light dark;
          --bg: #f4f6f8; --panel: #ffffff; --text: #1c2128; --muted: #59636e; --border: #d5dbe1;
          --grid: #e3e7ec; --axis: #8b949e; --link: #0550ae; --hover: #0b1f3a;
          --ref: #8a94a6; --cur: #2563eb;
          --ok-bg: #dcf3e2; --ok-fg: #135a2a; --mod-bg: #fff0c2; --mod-fg: #6a4100;
          --sig-bg: #fde1df; --sig-fg: #8e1a16; --neutral-bg: #e9edf1; --neutral-fg: #3b434c;
          --flag-bg: #fff4d6; --flag-fg: #6a4100; --flag-border: #e7c66b;
          --ok-bar: #2f9e55; --mod-bar: #d39b0b; --sig-bar: #d1352b;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --bg: #0e1217; --panel: #161b22; --text: #e4e8ed; --muted: #9aa5b1; --border: #2c343e;
            --grid: #242c35; --axis: #6e7781; --link: #79b8ff; --hover: #ffffff;
            --ref: #6f7a8b; --cur: #58a0ff;
            --ok-bg: #10321c; --ok-fg: #8fe0a9; --mod-bg: #3a2c06; --mod-fg: #f5cf62;
            --sig-bg: #47181a; --sig-fg: #ffaaa4; --neutral-bg: #262d36; --neutral-fg: #c9d1d9;
            --flag-bg: #33290c; --flag-fg: #f0c75e; --flag-border: #6b5620;
            --ok-bar: #3fb96a; --mod-bar: #e0a92a; --sig-bar: #f0544a;
          }
        }
        * { box-sizing: border-box; }
        html { background: var(--bg); color: var(--text); }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
        main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 40px; }
        a { color: var(--link); text-decoration: none; }
        a:hover { text-decoration: underline; }
        code { font: 12.5px/1.3 ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
        .num { font-variant-numeric: tabular-nums; }
        .muted { color: var(--muted); }
        .note { color: var(--muted); margin: 0 0 8px; }
        h1 { font-size: 26px; line-height: 1.2; margin: 0 0 4px; overflow-wrap: anywhere; }
        h2 { font-size: 18px; margin: 0 0 12px; }
        h2 .h-note { font-size: 13px; font-weight: 400; color: var(--muted); margin-left: 6px; }
        h3 { font-size: 16px; margin: 0; overflow-wrap: anywhere; }
        .group { margin-top: 28px; }
        .panel { background: var(--panel); border: 1px solid var(--border); border-radius: 10px; padding: 16px 20px; }
        .page-header { background: var(--panel); border: 1px solid var(--border); border-radius: 12px; padding: 20px 24px; }
        .title-row { display: flex; justify-content: space-between; align-items: flex-start; gap: 24px; flex-wrap: wrap; }
        .subtitle { margin: 0 0 6px; font-size: 15px; color: var(--muted); }
        .meta { margin: 0; color: var(--muted); font-size: 13px; }
        .meta .vs { margin: 0 4px; }
        .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 5px; vertical-align: baseline; }
        .swatch.ref { background: var(--ref); } .swatch.cur { background: var(--cur); }
        .overall { display: flex; flex-direction: column; align-items: flex-end; gap: 6px; }
        .overall-label { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
        .kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; margin: 18px 0 0; }
        .kpi { border: 1px solid var(--border); border-radius: 8px; padding: 10px 14px; min-width: 0; }
        .kpi dt { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin-bottom: 6px; }
        .kpi dd { margin: 0; display: flex; flex-direction: column; align-items: flex-start; gap: 4px; }
        .kpi .big { font-size: 24px; font-weight: 650; line-height: 1.1; }
        .sub { display: block; font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }
        .verdict-counts { list-style: none; margin: 0; padding: 0; display: grid; gap: 4px; }
        .verdict-counts .count { display: inline-block; min-width: 2.2em; text-align: right; font-weight: 650; margin-right: 4px; }
        .thresholds { line-height: 1.7; }
        .badge { display: inline-flex; align-items: center; padding: 1px 9px; border-radius: 999px; font-size: 12px; font-weight: 650; white-space: nowrap; border: 1px solid transparent; }
        .badge .icon { margin-right: .35em; font-size: .9em; }
        .badge.large { font-size: 17px; padding: 4px 16px; }
        .v-stable.badge { background: var(--ok-bg); color: var(--ok-fg); }
        .v-moderate.badge { background: var(--mod-bg); color: var(--mod-fg); }
        .v-significant.badge { background: var(--sig-bg); color: var(--sig-fg); }
        .badge.neutral { background: var(--neutral-bg); color: var(--neutral-fg); }
        .flag, .chip { display: inline-block; padding: 1px 8px; border-radius: 6px; font-size: 12px; white-space: nowrap; }
        .flag { background: var(--flag-bg); color: var(--flag-fg); border: 1px solid var(--flag-border); }
        .flag.strong { background: var(--sig-bg); color: var(--sig-fg); border-color: transparent; font-weight: 650; }
        .chip { background: var(--neutral-bg); color: var(--neutral-fg); }
        .schema { border-left: 4px solid var(--mod-bar); }
        .schema-list { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px 24px; margin: 0; }
        .schema-list dt { font-weight: 650; margin-bottom: 4px; }
        .schema-list dd { margin: 0; }
        .count { font-weight: 650; }
        .chips { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 6px; }
        .chips li { background: var(--neutral-bg); color: var(--neutral-fg); border-radius: 6px; padding: 2px 8px; max-width: 100%; }
        .empty { padding: 16px 20px; background: var(--panel); border: 1px dashed var(--border); border-radius: 10px; color: var(--muted); }
        .table-wrap { overflow-x: auto; background: var(--panel); border: 1px solid var(--border); border-radius: 10px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { padding: 7px 10px; border-bottom: 1px solid var(--border); text-align: left; vertical-align: top; }
        thead th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; white-space: nowrap; background: var(--panel); }
        tbody tr:last-child > * { border-bottom: 0; }
        tbody tr:hover { background: color-mix(in srgb, var(--cur) 6%, transparent); }
        .r { text-align: right; }
        td.num, th.num { white-space: nowrap; }
        table.summary th.name { font-weight: 600; min-width: 140px; max-width: 280px; overflow-wrap: break-word; }
        .psibar { display: inline-block; width: 46px; height: 6px; border-radius: 3px; background: var(--grid); margin-right: 8px; vertical-align: middle; overflow: hidden; }
        .psibar span { display: block; height: 100%; border-radius: 3px; }
        .psibar .v-stable { background: var(--ok-bar); } .psibar .v-moderate { background: var(--mod-bar); } .psibar .v-significant { background: var(--sig-bar); }
        .notes { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 6px; }
        .notes li { font-size: 12px; padding: 0 7px; border-radius: 6px; background: var(--neutral-bg); color: var(--neutral-fg); white-space: nowrap; }
        .notes li.warn { background: var(--flag-bg); color: var(--flag-fg); }
        .feature { margin-top: 16px; }
        .feature-head { display: flex; justify-content: space-between; align-items: center; gap: 12px; flex-wrap: wrap; }
        .rank { color: var(--muted); font-weight: 500; margin-right: 2px; }
        .tags { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
        .metrics { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 12px 0 4px; }
        .metrics dt { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
        .metrics dd { margin: 0; font-size: 15px; font-weight: 600; }
        .metrics dd .sub { font-weight: 400; }
        .quality, .contribs { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 10px; margin: 8px 0 0; font-size: 13px; }
        .q-label { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
        .contrib code { background: var(--neutral-bg); border-radius: 4px; padding: 0 4px; }
        .chart-box { margin: 12px 0 0; }
        svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
        svg.chart text { fill: var(--muted); font-size: 11px; }
        svg.chart .legend text { fill: var(--text); font-size: 12px; }
        svg.chart .legend .axis-title { fill: var(--muted); font-size: 11px; }
        svg.chart .grid line { stroke: var(--grid); stroke-width: 1; }
        svg.chart .xaxis line { stroke: var(--axis); stroke-width: 1; }
        svg.chart .bar-ref { fill: var(--ref); }
        svg.chart .bar-cur { fill: var(--cur); }
        svg.chart .bin:hover .hit { fill: var(--text); fill-opacity: .07; }
        svg.chart .series { stroke: var(--cur); stroke-width: 2.5; }
        svg.chart .dot { fill: var(--cur); }
        details { margin-top: 10px; }
        summary { cursor: pointer; color: var(--link); font-size: 13px; }
        details .table-wrap { margin-top: 8px; max-height: 420px; overflow-y: auto; }
        table.bins th, table.bins td { padding: 4px 10px; font-size: 13px; }
        table.bins thead th { position: sticky; top: 0; z-index: 1; box-shadow: inset 0 -1px 0 var(--border); }
        table.bins tbody th { font-weight: 400; }
        .page-footer { margin-top: 32px; padding-top: 14px; border-top: 1px solid var(--border); color: var(--muted); font-size: 12.5px; }
        @media (max-width: 700px) { main { padding: 14px; } .overall { align-items: flex-start; } }
        @media print {
          :root {
            --bg: #ffffff; --panel: #ffffff; --text: #000000; --muted: #444c56; --border: #c4ccd4; --grid: #e3e7ec;
            --axis: #6e7781; --link: #000000; --ref: #8a94a6; --cur: #2563eb;
            --ok-bg: #dcf3e2; --ok-fg: #135a2a; --mod-bg: #fff0c2; --mod-fg: #6a4100; --sig-bg: #fde1df; --sig-fg: #8e1a16;
            --neutral-bg: #eef1f4; --neutral-fg: #2b3138; --flag-bg: #fff4d6; --flag-fg: #6a4100; --flag-border: #e7c66b;
          }
          html, body { background: #fff; }
          * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          main { max-width: none; padding: 0; }
          .feature, .page-header, .schema, tr { break-inside: avoid; }
          h2, h3 { break-after: avoid; }
          details .table-wrap { max-height: none; overflow: visible; }
          .table-wrap { overflow: visible; }
          summary { color: var(--text); }
        }

        """
}
