/// The report's inline style sheet: readable on screen, in print (no backgrounds needed to read
/// it, figures and tables kept on one page), and in dark-mode browsers (the page stays light so
/// the charts' colours keep their meaning).
enum ReportStyle {
    static let css = """
        :root { color-scheme: light; }
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; background: #fff;
          max-width: 1040px; margin: 0 auto; padding: 1.5rem; line-height: 1.45; }
        h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
        h2 { font-size: 1.3rem; border-bottom: 2px solid #0072B2; padding-bottom: .2rem; margin-top: 2.2rem; }
        h3 { font-size: 1.1rem; margin-top: 1.6rem; }
        h4 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
        p.subtitle { color: #555; margin-top: 0; }
        nav.toc ol { columns: 2; padding-left: 1.2rem; }
        table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .9rem; }
        caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
        th, td { border: 1px solid #bbb; padding: .25rem .5rem; vertical-align: top; text-align: left; }
        th { background: #eef3f8; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr.flagged td { font-weight: 600; }
        tr.flagged td:first-child::before { content: "\\26A0\\FE0E  "; }
        table.verdicts { width: 100%; }
        table.verdicts th code { white-space: nowrap; }
        td.verdict { min-width: 8rem; }
        td.verdict .symbol { font-weight: 700; margin-right: .3rem; }
        td.verdict .property, td.verdict .flags { display: block; font-size: .78rem; }
        figure { margin: 1rem 0 1.6rem; }
        figcaption { font-size: .88rem; color: #444; max-width: 720px; }
        svg.chart { max-width: 100%; height: auto; display: block; }
        pre { background: #f6f6f6; border: 1px solid #ddd; padding: .6rem; overflow-x: auto; font-size: .82rem;
          line-height: 1.25; }
        .absent { border: 1px dashed #999; padding: .5rem .8rem; color: #444; background: #fafafa; }
        .absent strong { color: #222; }
        .note { color: #444; font-size: .9rem; }
        footer { margin-top: 3rem; font-size: .8rem; color: #666; border-top: 1px solid #ccc; padding-top: .5rem; }
        @media print {
          body { max-width: none; padding: 0; font-size: 10.5pt; }
          nav.toc { display: none; }
          h2 { break-before: auto; break-after: avoid; }
          h3, h4 { break-after: avoid; }
          figure, table, pre { break-inside: avoid; }
          th { background: none; }
          pre { white-space: pre-wrap; background: none; }
          a { color: inherit; text-decoration: none; }
        }
        """
}
