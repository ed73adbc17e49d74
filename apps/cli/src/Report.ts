/**
 * The audit report, for the terminal and as a self-contained HTML page with inline SVG charts (no script, no
 * stylesheet or image to fetch). Proxy numbers are shown in full, since operators need them; participants' numbers
 * only masked. Both say "Open or InProgress" for what the audit counts as open, and nothing else.
 *
 * Longer than 300 lines on purpose: the text and the HTML renderings of one report share their wording and helpers,
 * and read best side by side.
 *
 * @since 0.1.0
 */
import type * as Audit from "./Audit.js"

const count = (n: number): string => n.toLocaleString("en-US")

const plural = (n: number, one: string, many: string): string => `${count(n)} ${n === 1 ? one : many}`

// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/g

// A Name could carry terminal escapes; the report never lets them through.
const plain = (text: string): string => text.replace(controlCharacters, " ")

const width = (text: string): number => [...text].length

const countOf = (entries: ReadonlyArray<readonly [string, number]>, key: string): number =>
  entries.find(([k]) => k === key)?.[1] ?? 0

/**
 * What the audit counts as open, as the report words it, in the terminal and in HTML alike.
 *
 * @since 0.1.0
 * @category constants
 */
export const openWording = "Open or InProgress"

/**
 * The title of the list of the oldest open sessions.
 *
 * @since 0.1.0
 * @category constants
 */
export const oldestOpenTitle = `Oldest sessions ${openWording}`

/**
 * The title of the chart of the sessions created per day.
 *
 * @since 0.1.0
 * @category constants
 */
export const perDayTitle = "Sessions created per day (UTC), by status"

const openCount = (summary: Audit.Summary): number =>
  countOf(summary.byStatus, "Open") + countOf(summary.byStatus, "InProgress")

/**
 * The headline of a summary: sessions, open ones, overdue ones, in the one wording of the report.
 *
 * @since 0.1.0
 * @category rendering
 */
export const headline = (summary: Audit.Summary): string =>
  `${plural(summary.sessions, "session", "sessions")}: ${count(openCount(summary))} ${openWording}, ` +
  `${count(summary.pastExpiry)} past expiry and not Closed`

// Rows of cells as lines whose columns line up (the last column is not padded).
const aligned = (rows: ReadonlyArray<ReadonlyArray<string>>, right: ReadonlySet<number> = new Set()): Array<string> => {
  const sizes: Array<number> = []
  for (const row of rows) row.forEach((cell, i) => sizes[i] = Math.max(sizes[i] ?? 0, width(cell)))
  return rows.map((row) =>
    row.map((cell, i) => {
      const pad = " ".repeat((sizes[i] ?? 0) - width(cell))
      return right.has(i) ? pad + cell : i === row.length - 1 ? cell : cell + pad
    }).join("  ").trimEnd()
  )
}

const bars = (entries: ReadonlyArray<readonly [string, number]>, limit: number, size = 30): Array<string> => {
  const shown = entries.slice(0, limit)
  const max = Math.max(1, ...shown.map(([, n]) => n))
  const lines = aligned(
    shown.map(([label, n]) => [plain(label), count(n), "█".repeat(Math.round(n / max * size))]),
    new Set([1])
  )
  if (entries.length > limit) lines.push(`… and ${plural(entries.length - limit, "more", "more")}`)
  return lines
}

// The statuses of a summary in the order the report shows them: the known ones first, then the others by count.
const statusOrder = (summary: Audit.Summary): Array<string> => {
  const known = ["Open", "InProgress", "Closed"]
  const present = summary.byStatus.map(([status]) => status)
  return [...known.filter((status) => present.includes(status)), ...present.filter((s) => !known.includes(s))]
}

const perDayText = (summary: Audit.Summary): Array<string> => {
  if (summary.createdPerDay.length === 0) return ["none"]
  const statuses = statusOrder(summary)
  const totals = summary.createdPerDay.map((day) => day.byStatus.reduce((sum, [, n]) => sum + n, 0))
  const max = Math.max(1, ...totals)
  const rows = summary.createdPerDay.map((day, i) => [
    day.day,
    ...statuses.map((status) => count(countOf(day.byStatus, status))),
    count(totals[i] ?? 0),
    "█".repeat(Math.max(1, Math.round((totals[i] ?? 0) / max * 30)))
  ])
  const lines = aligned(
    [["Day", ...statuses.map(plain), "All", ""], ...rows],
    new Set(statuses.map((_, i) => i + 1).concat([statuses.length + 1]))
  )
  if (summary.createdPerDayLeftOut > 0) {
    lines.push(`(${plural(summary.createdPerDayLeftOut, "session", "sessions")} without a day: no CreatedTimestamp)`)
  }
  return lines
}

const sessionRows = (sessions: ReadonlyArray<Audit.SessionSummary>, when: "expiresAt" | "createdTimestamp") =>
  aligned([
    [
      when === "expiresAt" ? "Expired at" : "Created at",
      "Proxy session",
      "Status",
      "Voice connector",
      "Proxy numbers",
      "Name"
    ],
    ...sessions.map((session) => [
      session[when] ?? "?",
      plain(session.proxySessionId),
      plain(session.status),
      plain(session.voiceConnectorId),
      session.proxyNumbers.join(","),
      session.name === undefined ? "" : `"${plain(session.name)}"`
    ])
  ])

const indent = (lines: ReadonlyArray<string>, spaces = 4): Array<string> =>
  lines.map((line) => " ".repeat(spaces) + line)

const textSection = (title: string, summary: Audit.Summary, connectors: number): Array<string> => {
  const lines = [
    title,
    `  ${headline(summary)}` +
    (connectors > 1 ? ` (${plural(connectors, "voice connector", "voice connectors")})` : ""),
    "",
    "  By status",
    ...indent(bars(summary.byStatus, 10)),
    "  By capability",
    ...indent(bars(summary.byCapability, 10)),
    "  By country",
    ...indent(bars(summary.byCountry, 10)),
    "",
    `  ${perDayTitle}`,
    ...indent(perDayText(summary)),
    "",
    `  Proxy numbers shared by the most sessions${summary.proxyNumbersExact ? "" : " (approximate)"}`
  ]
  if (summary.topProxyNumbers.length === 0) lines.push("    none")
  for (
    const line of indent(aligned(
      summary.topProxyNumbers.map((entry) => [
        entry.proxyNumber,
        plural(entry.sessions, "session", "sessions") +
        (entry.overestimate > 0 ? ` (at least ${count(entry.sessions - entry.overestimate)})` : "")
      ])
    ))
  ) lines.push(line)
  lines.push(
    "",
    `  Past expiry and not Closed: ${count(summary.pastExpiry)}` + (
      summary.pastExpirySample.length < summary.pastExpiry
        ? `, the ${summary.pastExpirySample.length} most overdue:`
        : ""
    )
  )
  if (summary.pastExpirySample.length > 0) {
    for (const line of indent(sessionRows(summary.pastExpirySample, "expiresAt"))) lines.push(line)
  }
  lines.push("", `  ${oldestOpenTitle}`)
  if (summary.oldestOpen.length === 0) lines.push("    none")
  else for (const line of indent(sessionRows(summary.oldestOpen, "createdTimestamp"))) lines.push(line)
  return lines
}

// The connectors an audit of --all skipped, named in both renderings.
const skippedNote = (skipped: ReadonlyArray<string>): string =>
  `Skipped, not found when their sessions were listed (deleted?): ${
    plural(skipped.length, "voice connector", "voice connectors")
  }: ${skipped.map(plain).join(", ")}`

/**
 * The report as text for the terminal: everything together first, then each connector.
 *
 * @since 0.1.0
 * @category rendering
 */
export const text = (report: Audit.Report): string => {
  const lines = [
    `Proxy session audit at ${report.now}: ${
      plural(report.connectors.length, "voice connector", "voice connectors")
    }, ` +
    plural(report.total.sessions, "session", "sessions"),
    ...(report.skipped.length === 0 ? [] : [skippedNote(report.skipped)]),
    "",
    ...(report.connectors.length === 1
      ? []
      : [...textSection("All connectors", report.total, report.connectors.length), ""])
  ]
  const sections = report.connectors.map((connector) =>
    [...textSection(`Voice connector ${plain(connector.voiceConnectorId)}`, connector, 1), ""].join("\n")
  )
  return [...lines, ...sections].join("\n")
}

/**
 * Escapes text for HTML content and attribute values.
 *
 * @since 0.1.0
 * @category rendering
 */
export const escapeHtml = (value: string): string =>
  value.replace(
    /[&<>"']/g,
    (c) => c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === "\"" ? "&quot;" : "&#39;"
  )

const statusColors: Record<string, string> = {
  Open: "#2f7ed8",
  InProgress: "#f28f43",
  Closed: "#8d99a6"
}

const palette = [
  "#2f7ed8",
  "#8bbc21",
  "#910000",
  "#1aadce",
  "#492970",
  "#f28f43",
  "#77a1e5",
  "#c42525",
  "#a6c96a"
] as const

const colorOf = (label: string): string => {
  let hash = 0
  for (const c of label) hash = (hash * 31 + c.charCodeAt(0)) >>> 0
  return palette[hash % palette.length] ?? palette[0]
}

const statusColor = (status: string): string => statusColors[status] ?? colorOf(status)

const figure = (title: string, body: string, note = ""): string =>
  `<figure><figcaption>${escapeHtml(title)}</figcaption>${body}${note}</figure>`

// A horizontal bar chart that scales to its box (the SVG's width is the figure's).
const barChart = (
  title: string,
  entries: ReadonlyArray<readonly [string, number, string?]>,
  options: { readonly limit: number; readonly color: (label: string) => string; readonly note?: string }
): string => {
  const shown = entries.slice(0, options.limit)
  const rowHeight = 26
  const labelWidth = 120
  const barWidth = 200
  const viewWidth = labelWidth + barWidth + 120
  const height = Math.max(1, shown.length) * rowHeight + 8
  const max = Math.max(1, ...shown.map(([, n]) => n))
  const rows = shown.map(([label, n, shownValue], i) => {
    const y = 4 + i * rowHeight
    const w = Math.max(n > 0 ? 2 : 0, Math.round(n / max * barWidth))
    const value = shownValue ?? count(n)
    return `<g><title>${escapeHtml(`${label}: ${value}`)}</title>` +
      `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${escapeHtml(plain(label))}</text>` +
      `<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${rowHeight - 8}" rx="3" ` +
      `fill="${options.color(label)}"/>` +
      `<text x="${labelWidth + w + 6}" y="${y + 17}">${escapeHtml(value)}</text></g>`
  })
  const more = entries.length > options.limit
    ? `<p class="note">… and ${plural(entries.length - options.limit, "more", "more")}</p>`
    : ""
  return figure(
    title,
    `<svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${viewWidth} ${height}" ` +
      `preserveAspectRatio="xMinYMin meet">` +
      (shown.length === 0 ? `<text x="8" y="20">none</text>` : rows.join("")) +
      `</svg>`,
    more + (options.note === undefined ? "" : `<p class="note">${escapeHtml(options.note)}</p>`)
  )
}

// Sessions created per day, stacked by status, with a legend.
const perDayChart = (summary: Audit.Summary): string => {
  const days = summary.createdPerDay
  if (days.length === 0) return figure(perDayTitle, `<p class="note">None.</p>`)
  const statuses = statusOrder(summary)
  const viewWidth = 960
  const plotHeight = 180
  const left = 44
  const top = 28
  const slot = (viewWidth - left - 8) / days.length
  const barWidth = Math.max(1, Math.min(40, slot * 0.7))
  const totals = days.map((day) => day.byStatus.reduce((sum, [, n]) => sum + n, 0))
  const max = Math.max(1, ...totals)
  const scale = plotHeight / max
  const labelEvery = Math.max(1, Math.ceil(days.length / 12))
  const bars = days.map((day, i) => {
    const x = left + i * slot + (slot - barWidth) / 2
    let y = top + plotHeight
    const segments = statuses.map((status) => {
      const n = countOf(day.byStatus, status)
      if (n === 0) return ""
      const h = n * scale
      y -= h
      return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" ` +
        `fill="${statusColor(status)}"><title>${escapeHtml(`${day.day} ${status}: ${count(n)}`)}</title></rect>`
    }).join("")
    const label = i % labelEvery === 0
      ? `<text x="${(x + barWidth / 2).toFixed(1)}" y="${top + plotHeight + 16}" text-anchor="middle">` +
        `${escapeHtml(day.day.slice(5))}</text>`
      : ""
    return segments + label
  }).join("")
  const axis = `<line x1="${left}" y1="${top + plotHeight}" x2="${viewWidth - 8}" y2="${top + plotHeight}" ` +
    `stroke="#d0d7de"/>` +
    `<text x="${left - 6}" y="${top + 4}" text-anchor="end">${count(max)}</text>` +
    `<text x="${left - 6}" y="${top + plotHeight}" text-anchor="end">0</text>`
  const legend = statuses.map((status, i) =>
    `<rect x="${left + i * 130}" y="4" width="12" height="12" fill="${statusColor(status)}"/>` +
    `<text x="${left + i * 130 + 18}" y="15">${escapeHtml(plain(status))}</text>`
  ).join("")
  const note = summary.createdPerDayLeftOut > 0
    ? `<p class="note">${plural(summary.createdPerDayLeftOut, "session", "sessions")} without a day ` +
      `(no CreatedTimestamp) are not shown.</p>`
    : ""
  return figure(
    perDayTitle,
    `<svg role="img" aria-label="${escapeHtml(perDayTitle)}" viewBox="0 0 ${viewWidth} ${top + plotHeight + 24}" ` +
      `preserveAspectRatio="xMinYMin meet">${legend}${axis}${bars}</svg>`,
    note
  )
}

const sessionTable = (sessions: ReadonlyArray<Audit.SessionSummary>, when: "expiresAt" | "createdTimestamp") => {
  if (sessions.length === 0) return `<p class="note">None.</p>`
  const head = [
    ["Proxy session", "id"],
    ["Voice connector", "id"],
    ["Status", "id"],
    [when === "expiresAt" ? "Expired at" : "Created at", "id"],
    ["Name", "id"],
    ["Proxy numbers", "numbers"],
    ["Participants (masked)", "numbers"]
  ] as const
  const rows = sessions.map((session) =>
    `<tr>${
      [
        session.proxySessionId,
        session.voiceConnectorId,
        session.status,
        (session[when] ?? "").replace("T", " "),
        plain(session.name ?? ""),
        session.proxyNumbers,
        session.participants
      ].map((cell, i) => {
        const [label, kind] = head[i] ?? ["", ""]
        const content = typeof cell === "string"
          ? escapeHtml(plain(cell))
          : cell.map((number) => `<span>${escapeHtml(number)}</span>`).join(" ")
        return `<td data-label="${escapeHtml(label)}"${kind === "" ? "" : ` class="${kind}"`}>${content}</td>`
      }).join("")
    }</tr>`
  )
  return `<table class="sessions"><thead><tr>${head.map(([h]) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table>`
}

const proxyNumberChart = (summary: Audit.Summary): string =>
  barChart(
    `Proxy numbers shared by the most sessions${summary.proxyNumbersExact ? "" : " (approximate)"}`,
    summary.topProxyNumbers.map((entry) =>
      [
        entry.proxyNumber,
        entry.sessions,
        entry.overestimate === 0
          ? count(entry.sessions)
          : `${count(entry.sessions)} (at least ${count(entry.sessions - entry.overestimate)})`
      ] as const
    ),
    {
      limit: 10,
      color: () => "#492970",
      ...(summary.proxyNumbersExact ? {} : {
        note: "More distinct proxy numbers than the audit keeps counters for: each count is at most the true " +
          "number plus its possible overestimate, and at least the number in parentheses."
      })
    }
  )

const htmlSection = (summary: Audit.Summary): string =>
  `<p class="headline">${escapeHtml(headline(summary))}</p>` +
  `<div class="wide">${perDayChart(summary)}</div>` +
  `<div class="charts">` +
  barChart("Sessions by status", summary.byStatus, { limit: 10, color: statusColor }) +
  barChart("Sessions by capability", summary.byCapability, { limit: 10, color: colorOf }) +
  barChart("Sessions by country", summary.byCountry, { limit: 15, color: colorOf }) +
  proxyNumberChart(summary) +
  `</div>` +
  `<h3>Past expiry and not Closed: ${count(summary.pastExpiry)}</h3>` +
  (summary.pastExpirySample.length < summary.pastExpiry
    ? `<p class="note">The ${summary.pastExpirySample.length} most overdue:</p>`
    : "") +
  sessionTable(summary.pastExpirySample, "expiresAt") +
  `<h3>${escapeHtml(oldestOpenTitle)}</h3>${sessionTable(summary.oldestOpen, "createdTimestamp")}`

const style = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;padding:1.5rem 2rem;color:#1d232a;
background:#fafbfc}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{margin-top:2.5rem;border-bottom:1px solid #d0d7de;padding-bottom:.25rem}
h3{margin:1.5rem 0 .5rem;font-size:1rem}.note{color:#57606a;margin:.25rem 0}.headline{font-size:1rem;margin:.5rem 0 1rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:1rem;margin:1rem 0}
.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:.75rem 1rem}
.card b{display:block;font-size:1.6rem}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:1rem}
.wide{margin-bottom:1rem}
figure{margin:0;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:.75rem;min-width:0}
figcaption{font-weight:600;margin-bottom:.5rem}svg{display:block;width:100%;height:auto}
svg text{font-size:12px;fill:#1d232a}
table{border-collapse:collapse;background:#fff;font-size:13px;width:100%}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.id{white-space:nowrap;font-variant-numeric:tabular-nums}td.numbers span{white-space:nowrap}
td.n{text-align:right;font-variant-numeric:tabular-nums}
details{margin:1rem 0}summary{cursor:pointer;font-weight:600}
@media (max-width:1100px){
table.sessions,table.sessions tbody,table.sessions tr,table.sessions td{display:block;width:100%}
table.sessions thead{display:none}
table.sessions tr{border:1px solid #d0d7de;border-radius:6px;margin-bottom:.5rem;padding:.25rem 0}
table.sessions td{border:0;padding:.1rem .75rem}
table.sessions td::before{content:attr(data-label) ": ";color:#57606a}
}
`

/**
 * The report as one self-contained HTML page: inline CSS and SVG, nothing to fetch, every value escaped. It uses
 * the width of the page, and on a narrow one the session tables turn into one card per session, so that no id or
 * timestamp is wrapped and no table is wider than the page.
 *
 * @since 0.1.0
 * @category rendering
 */
export const html = (report: Audit.Report): string => {
  const total = report.total
  const card = (label: string, value: number) => `<div class="card"><b>${count(value)}</b>${escapeHtml(label)}</div>`
  const overview = report.connectors.map((connector) =>
    `<tr><td class="id">${escapeHtml(plain(connector.voiceConnectorId))}</td>` +
    `<td class="n">${count(connector.sessions)}</td>` +
    `<td class="n">${count(openCount(connector))}</td>` +
    `<td class="n">${count(countOf(connector.byStatus, "Closed"))}</td>` +
    `<td class="n">${count(connector.pastExpiry)}</td></tr>`
  ).join("")
  const details = report.connectors.map((connector) =>
    `<details><summary>Voice connector ${escapeHtml(plain(connector.voiceConnectorId))}: ` +
    `${escapeHtml(headline(connector))}</summary>${htmlSection(connector)}</details>`
  ).join("")
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Proxy session audit at ${escapeHtml(report.now)}</title>
<style>${style}</style>
</head>
<body>
<h1>Proxy session audit</h1>
<p class="note">At ${escapeHtml(report.now)}, ${
    plural(report.connectors.length, "voice connector", "voice connectors")
  }. Open means ${openWording}. Participants' numbers are masked.</p>
${
    report.skipped.length === 0
      ? ""
      : `<p class="note skipped">${escapeHtml(skippedNote(report.skipped))}.</p>\n`
  }<div class="cards">${card("sessions", total.sessions)}${card(openWording, openCount(total))}${
    card("past expiry and not Closed", total.pastExpiry)
  }${card("voice connectors", report.connectors.length)}</div>
<h2>All connectors</h2>
${htmlSection(total)}
<h2>By connector</h2>
<table><thead><tr><th>Voice connector</th><th>Sessions</th><th>${openWording}</th><th>Closed</th>
<th>Past expiry and not Closed</th></tr></thead><tbody>${overview}</tbody></table>
${details}
</body>
</html>
`
}
