/**
 * The audit report, for the terminal and as a self-contained HTML page with inline SVG charts (no script, no
 * stylesheet or image to fetch). Proxy numbers are shown in full, since operators need them; participants' numbers
 * only masked.
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

const countOf = (entries: ReadonlyArray<readonly [string, number]>, key: string): number =>
  entries.find(([k]) => k === key)?.[1] ?? 0

const openCount = (summary: Audit.Summary): number =>
  countOf(summary.byStatus, "Open") + countOf(summary.byStatus, "InProgress")

const bars = (entries: ReadonlyArray<readonly [string, number]>, limit: number, width = 30): Array<string> => {
  const shown = entries.slice(0, limit)
  const max = Math.max(1, ...shown.map(([, n]) => n))
  const labelWidth = Math.max(0, ...shown.map(([label]) => plain(label).length))
  const numberWidth = Math.max(0, ...shown.map(([, n]) => count(n).length))
  const lines = shown.map(([label, n]) =>
    `${plain(label).padEnd(labelWidth)}  ${count(n).padStart(numberWidth)}  ${"█".repeat(Math.round(n / max * width))}`
  )
  if (entries.length > limit) lines.push(`… and ${plural(entries.length - limit, "more", "more")}`)
  return lines
}

const sessionLine = (session: Audit.SessionSummary, when: string | undefined): string =>
  [
    when ?? "?",
    session.proxySessionId,
    session.status,
    session.voiceConnectorId,
    session.proxyNumbers.join(","),
    session.name === undefined ? "" : `"${plain(session.name)}"`
  ].join("  ")

const textSection = (title: string, summary: Audit.Summary, connectors: number): Array<string> => {
  const lines = [
    title,
    `  ${plural(summary.sessions, "session", "sessions")}, ${count(openCount(summary))} open, ` +
    `${count(summary.pastExpiry)} past expiry and not Closed` +
    (connectors > 1 ? ` (${plural(connectors, "voice connector", "voice connectors")})` : ""),
    "",
    "  By status",
    ...bars(summary.byStatus, 10).map((line) => `    ${line}`),
    "  By capability",
    ...bars(summary.byCapability, 10).map((line) => `    ${line}`),
    "  By country",
    ...bars(summary.byCountry, 10).map((line) => `    ${line}`),
    "",
    `  Proxy numbers shared by the most sessions${summary.proxyNumbersExact ? "" : " (approximate)"}`
  ]
  if (summary.topProxyNumbers.length === 0) lines.push("    none")
  for (const entry of summary.topProxyNumbers) {
    lines.push(
      `    ${entry.proxyNumber}  ${plural(entry.sessions, "session", "sessions")}` +
        (entry.overestimate > 0 ? ` (at least ${count(entry.sessions - entry.overestimate)})` : "")
    )
  }
  lines.push(
    "",
    `  Past expiry and not Closed: ${count(summary.pastExpiry)}` + (
      summary.pastExpirySample.length < summary.pastExpiry
        ? `, the ${summary.pastExpirySample.length} most overdue:`
        : ""
    )
  )
  for (const session of summary.pastExpirySample) lines.push(`    expired ${sessionLine(session, session.expiresAt)}`)
  lines.push("", "  Oldest open sessions")
  if (summary.oldestOpen.length === 0) lines.push("    none")
  for (const session of summary.oldestOpen) lines.push(`    created ${sessionLine(session, session.createdTimestamp)}`)
  return lines
}

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

const barChart = (
  title: string,
  entries: ReadonlyArray<readonly [string, number]>,
  options: { readonly limit: number; readonly color: (label: string) => string }
): string => {
  const shown = entries.slice(0, options.limit)
  const rowHeight = 26
  const labelWidth = 170
  const barWidth = 360
  const width = labelWidth + barWidth + 90
  const height = Math.max(1, shown.length) * rowHeight + 8
  const max = Math.max(1, ...shown.map(([, n]) => n))
  const rows = shown.map(([label, n], i) => {
    const y = 4 + i * rowHeight
    const w = Math.max(n > 0 ? 2 : 0, Math.round(n / max * barWidth))
    return `<g><title>${escapeHtml(`${label}: ${count(n)}`)}</title>` +
      `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${escapeHtml(plain(label))}</text>` +
      `<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${rowHeight - 8}" rx="3" ` +
      `fill="${options.color(label)}"/>` +
      `<text x="${labelWidth + w + 6}" y="${y + 17}">${count(n)}</text></g>`
  })
  const more = entries.length > options.limit
    ? `<p class="note">… and ${plural(entries.length - options.limit, "more", "more")}</p>`
    : ""
  return `<figure><figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg role="img" aria-label="${escapeHtml(title)}" ` +
    `viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    (shown.length === 0 ? `<text x="8" y="20">none</text>` : rows.join("")) +
    `</svg>${more}</figure>`
}

const sessionTable = (sessions: ReadonlyArray<Audit.SessionSummary>, when: "expiresAt" | "createdTimestamp") => {
  if (sessions.length === 0) return `<p class="note">None.</p>`
  const head = ["Proxy session", "Connector", "Status", when === "expiresAt" ? "Expired at" : "Created", "Name"]
    .concat(["Proxy numbers", "Participants"])
  const rows = sessions.map((session) =>
    `<tr>${
      [
        session.proxySessionId,
        session.voiceConnectorId,
        session.status,
        session[when] ?? "",
        plain(session.name ?? ""),
        session.proxyNumbers.join(", "),
        session.participants.join(", ")
      ].map((cell) => `<td>${escapeHtml(cell)}</td>`).join("")
    }</tr>`
  )
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table>`
}

const proxyNumberTable = (summary: Audit.Summary): string => {
  if (summary.topProxyNumbers.length === 0) return `<p class="note">None.</p>`
  const rows = summary.topProxyNumbers.map((entry) =>
    `<tr><td>${escapeHtml(entry.proxyNumber)}</td><td class="n">${count(entry.sessions)}</td>` +
    `<td class="n">${entry.overestimate === 0 ? "exact" : `≥ ${count(entry.sessions - entry.overestimate)}`}</td></tr>`
  )
  return `<table><thead><tr><th>Proxy number</th><th>Sessions</th><th>Bound</th></tr></thead>` +
    `<tbody>${rows.join("")}</tbody></table>`
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

const htmlSection = (summary: Audit.Summary): string =>
  `<div class="charts">` +
  barChart("Sessions by status", summary.byStatus, { limit: 10, color: (s) => statusColors[s] ?? colorOf(s) }) +
  barChart("Sessions by capability", summary.byCapability, { limit: 10, color: colorOf }) +
  barChart("Sessions by country", summary.byCountry, { limit: 15, color: colorOf }) +
  barChart(
    `Proxy numbers shared by the most sessions${summary.proxyNumbersExact ? "" : " (approximate)"}`,
    summary.topProxyNumbers.map((entry) => [entry.proxyNumber, entry.sessions] as const),
    { limit: 10, color: () => "#492970" }
  ) +
  `</div>` +
  `<h3>Proxy numbers shared by the most sessions</h3>${proxyNumberTable(summary)}` +
  `<h3>Past expiry and not Closed: ${count(summary.pastExpiry)}</h3>` +
  (summary.pastExpirySample.length < summary.pastExpiry
    ? `<p class="note">The ${summary.pastExpirySample.length} most overdue:</p>`
    : "") +
  sessionTable(summary.pastExpirySample, "expiresAt") +
  `<h3>Oldest open sessions</h3>${sessionTable(summary.oldestOpen, "createdTimestamp")}`

const style = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1d232a;background:#fafbfc}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{margin-top:2.5rem;border-bottom:1px solid #d0d7de;padding-bottom:.25rem}
h3{margin:1.5rem 0 .5rem;font-size:1rem}.note{color:#57606a;margin:.25rem 0}
.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:.75rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.6rem}.charts{display:flex;flex-wrap:wrap;gap:1.5rem}
figure{margin:0;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:.75rem}
figcaption{font-weight:600;margin-bottom:.5rem}svg text{font-size:12px;fill:#1d232a}
table{border-collapse:collapse;background:#fff;font-size:13px}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}details{margin:1rem 0}summary{cursor:pointer;font-weight:600}
`

/**
 * The report as one self-contained HTML page: inline CSS and SVG, nothing to fetch, every value escaped.
 *
 * @since 0.1.0
 * @category rendering
 */
export const html = (report: Audit.Report): string => {
  const total = report.total
  const card = (label: string, value: number) => `<div class="card"><b>${count(value)}</b>${escapeHtml(label)}</div>`
  const overview = report.connectors.map((connector) =>
    `<tr><td>${escapeHtml(connector.voiceConnectorId)}</td><td class="n">${count(connector.sessions)}</td>` +
    `<td class="n">${count(countOf(connector.byStatus, "Open"))}</td>` +
    `<td class="n">${count(countOf(connector.byStatus, "InProgress"))}</td>` +
    `<td class="n">${count(countOf(connector.byStatus, "Closed"))}</td>` +
    `<td class="n">${count(connector.pastExpiry)}</td></tr>`
  ).join("")
  const details = report.connectors.map((connector) =>
    `<details><summary>Voice connector ${escapeHtml(connector.voiceConnectorId)}: ` +
    `${plural(connector.sessions, "session", "sessions")}</summary>${htmlSection(connector)}</details>`
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
  }.
Participants' numbers are masked.</p>
<div class="cards">${card("sessions", total.sessions)}${card("open (Open or InProgress)", openCount(total))}${
    card("past expiry, not Closed", total.pastExpiry)
  }${card("voice connectors", report.connectors.length)}</div>
<h2>All connectors</h2>
${htmlSection(total)}
<h2>By connector</h2>
<table><thead><tr><th>Voice connector</th><th>Sessions</th><th>Open</th><th>InProgress</th><th>Closed</th>
<th>Past expiry</th></tr></thead><tbody>${overview}</tbody></table>
${details}
</body>
</html>
`
}
