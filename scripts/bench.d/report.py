#!/usr/bin/env python3
"""The report of scripts/bench: parses the raw wrk and pgbench outputs of a run in target/bench,
checks the budget of issue 9, prints the Markdown tables and writes report.md and report.json.

Usage: report.py DIR (the bench's output directory: facts.env, pages.tsv, demo.json, wrk/, pgbench/)
"""

import json
import re
import sys
from pathlib import Path

USERS = {
    "admin": "demo-admin (admin)",
    "org": "demo-editor-org (org-scoped)",
    "viewer": "demo-viewer-assigned (assigned)",
    "anonymous": "anonymous",
}
TITLES = {
    "projects": "Project list",
    "capacity": "Capacity page, largest project",
    "capacity-shared": "Capacity page, project P",
    "portfolio": "Portfolio heatmap, all orgs, 24 months",
    "portfolio-org": "Portfolio of the busiest organisation, 24 months",
    "team": "Team tab (allocation grid), project P",
    "my-allocations": "My allocations",
    "capacity-csv": "Capacity CSV export, project P",
    "healthz": "/healthz",
}
# The budget's concurrency.
BUDGET_C = 16
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}


def duration_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    return float(match.group(1)) * UNITS_MS[match.group(2)] if match else None


def parse_wrk(path):
    """Throughput, p50/p99 and the errors of one wrk run (None values when wrk did not finish)."""
    text = path.read_text(errors="replace")
    run = {"rps": None, "p50_ms": None, "p99_ms": None, "requests": None, "non_2xx": 0, "socket_errors": 0}
    for line in text.splitlines():
        fields = line.split()
        if fields[:1] == ["Requests/sec:"]:
            run["rps"] = float(fields[1])
        elif fields[:1] == ["50%"]:
            run["p50_ms"] = duration_ms(fields[1])
        elif fields[:1] == ["99%"]:
            run["p99_ms"] = duration_ms(fields[1])
        elif len(fields) > 2 and fields[1:3] == ["requests", "in"]:
            run["requests"] = int(fields[0])
        elif line.strip().startswith("Non-2xx or 3xx responses:"):
            run["non_2xx"] = int(fields[-1])
        elif line.strip().startswith("Socket errors:"):
            run["socket_errors"] = sum(int(n) for n in re.findall(r"\d+", line))
    return run


def parse_pgbench(path):
    if not path.exists():
        return None
    text = path.read_text(errors="replace")
    tps = re.search(r"^tps = ([\d.]+)", text, re.M)
    failed = re.search(r"number of failed transactions: (\d+)", text)
    aborted = "aborted" in text or "error" in text.lower()
    return {
        "tps": float(tps.group(1)) if tps and not aborted else None,
        "failed": int(failed.group(1)) if failed else None,
        "error": aborted,
    }


def server_warnings(directory):
    """The server's WARN and ERROR lines by message (timestamps dropped), most frequent first: why
    a page answered non-2xx (e.g. the pool timing out) is in there."""
    log = directory / "server.log"
    counts = {}
    if log.exists():
        for line in log.read_text(errors="replace").splitlines():
            match = re.match(r"\S+\s+(WARN|ERROR)\s+(.*)", line)
            if match:
                message = f"{match.group(1)} {match.group(2)[:160]}"
                counts[message] = counts.get(message, 0) + 1
    return sorted(({"message": m, "count": c} for m, c in counts.items()), key=lambda w: -w["count"])


def read_facts(directory):
    facts = {}
    for line in (directory / "facts.env").read_text().splitlines():
        key, _, value = line.partition("=")
        facts[key] = value
    return facts


def number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def fmt(value, digits=1):
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    return f"{value:,.{digits}f}"


def collect_runs(directory):
    runs = []
    for line in (directory / "pages.tsv").read_text().splitlines():
        page, path, users = line.split("\t")
        for user in users.split():
            for wrk_file in sorted(
                (directory / "wrk").glob(f"{page}.{user}.c*.txt"),
                key=lambda p: int(p.name.rsplit(".c", 1)[1][:-4]),
            ):
                c = int(wrk_file.name.rsplit(".c", 1)[1][:-4])
                run = {"page": page, "path": path, "user": user, "connections": c}
                run.update(parse_wrk(wrk_file))
                ceiling = parse_pgbench(directory / "pgbench" / f"{page}.{user}.c{c}.txt")
                run["ceiling_tps"] = ceiling["tps"] if ceiling else None
                run["ceiling_error"] = bool(ceiling and ceiling["error"])
                run["fraction"] = (
                    run["rps"] / run["ceiling_tps"] if run["rps"] and run["ceiling_tps"] else None
                )
                if not run["requests"]:
                    # Not one answer within the run: its zeros are no measurement.
                    run.update(rps=None, p50_ms=None, p99_ms=None)
                run["errors"] = run["non_2xx"] > 0 or run["socket_errors"] > 0 or run["rps"] is None
                runs.append(run)
    return runs


def find(runs, page, user, c=BUDGET_C):
    return next((r for r in runs if r["page"] == page and r["user"] == user and r["connections"] == c), None)


def rls_ratios(runs):
    """Org-scoped p50 ÷ admin p50 per page at the budget's concurrency."""
    ratios = []
    for admin in [r for r in runs if r["user"] == "admin" and r["connections"] == BUDGET_C]:
        org = find(runs, admin["page"], "org")
        if org and org["p50_ms"] and admin["p50_ms"]:
            ratios.append({"page": admin["page"], "admin_p50_ms": admin["p50_ms"],
                           "org_p50_ms": org["p50_ms"], "ratio": org["p50_ms"] / admin["p50_ms"]})
    return ratios


def budget(runs, facts, ratios):
    """Each measure of issue 9 against its budget (2 cores, large data, 16 connections)."""

    def worst(page, key):
        values = [(r[key], r["user"]) for r in runs
                  if r["page"] == page and r["connections"] == BUDGET_C and r[key] is not None]
        return max(values) if values else (None, None)

    lines = []

    def line(measure, value, unit, limit, passes, note=""):
        lines.append({"measure": measure, "value": value, "unit": unit, "budget": limit,
                      "pass": None if value is None else passes(value), "note": note})

    projects = find(runs, "projects", "org")
    line("Project list, org-scoped, p99", projects and projects["p99_ms"], "ms", "< 50",
         lambda v: v < 50)
    value, user = worst("capacity", "p50_ms")
    line("Capacity page, largest project (all series), p50", value, "ms", "< 100",
         lambda v: v < 100, f"worst user: {user}")
    value, user = worst("portfolio", "p50_ms")
    line("Portfolio heatmap, all orgs, 24 months, p50", value, "ms", "< 250",
         lambda v: v < 250, f"worst user: {user}")
    top = max(ratios, key=lambda r: r["ratio"]) if ratios else None
    line("RLS overhead (org-scoped ÷ admin p50), worst page", top and top["ratio"], "×", "≤ 1.3",
         lambda v: v <= 1.3, top and f"page: {top['page']}" or "")
    health = find(runs, "healthz", "anonymous")
    line("/healthz throughput", health and health["rps"], "req/s", "> 20,000", lambda v: v > 20000)
    rss = number(facts.get("rss_peak_kb"))
    line("Server peak RSS (VmHWM) under load", rss and rss / 1024, "MB", "< 150", lambda v: v < 150)
    imported = number(facts.get("import_ms"))
    line("ODS import, 100,000 demand rows", imported and imported / 1000, "s", "< 10",
         lambda v: v < 10, "" if imported else "gen-demo-workbook not available")
    cold = number(facts.get("cold_start_ms"))
    line("Cold start to /readyz", cold, "ms", "< 1,000", lambda v: v < 1000)
    return lines


def markdown(runs, ratios, lines, facts, demo, warnings):
    out = []
    size = demo.get("rows", {})
    out.append("# Rediflow benchmark\n")
    out.append(
        f"{facts.get('date')} · commit {facts.get('commit')} · {facts.get('nproc')} cores "
        f"({facts.get('cpu')}), {facts.get('memory_mb')} MB, load average {facts.get('loadavg')} before the run · PostgreSQL {facts.get('postgresql')} · "
        f"wrk {facts.get('wrk')}, {facts.get('duration')} per run; pgbench {facts.get('pgbench_seconds')} s per run\n"
    )
    out.append(
        f"Data `{facts.get('size')}` (gen-demo seed {demo.get('seed')}): {demo.get('orgs')} organisations, "
        f"{demo.get('projects')} projects, {demo.get('persons')} persons, {demo.get('months')} months, "
        f"{fmt(size.get('capacity_demand'), 0)} demand rows; largest project "
        f"{demo.get('largest_project', {}).get('code')} ({fmt(demo.get('largest_project', {}).get('demand_rows'), 0)} demand rows); "
        f"busiest organisation {demo.get('busiest_organisation', {}).get('short_name')}. "
        f"Project P, which both the admin and the org-scoped user open (the RLS cost compares the "
        f"same page): the largest project the org-scoped user sees, {facts.get('shared_project')}.\n"
    )
    out.append("## Pages\n")
    out.append("Ceiling: pgbench with the page's main query (scripts/bench.d/PAGE.sql) as the app role "
               "(RLS on) at the same concurrency; fraction = the page's req/s ÷ the ceiling's tps.\n")
    out.append("| page | user | conn | req/s | p50 ms | p99 ms | non-2xx | ceiling tps | fraction |")
    out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|")
    for r in runs:
        errors = r["non_2xx"]
        if r["socket_errors"]:
            errors = f"{errors} (+{r['socket_errors']} socket) ⚠"
        elif errors:
            errors = f"{errors} ⚠"
        elif not r["requests"]:
            errors = "no answer ⚠"
        ceiling = "error" if r["ceiling_error"] else fmt(r["ceiling_tps"])
        fraction = f"{r['fraction']:.0%}" if r["fraction"] is not None else "–"
        out.append(f"| {TITLES.get(r['page'], r['page'])} | {USERS.get(r['user'], r['user'])} | "
                   f"{r['connections']} | {fmt(r['rps'])} | {fmt(r['p50_ms'], 2)} | {fmt(r['p99_ms'], 2)} | "
                   f"{errors} | {ceiling} | {fraction} |")
    out.append("\nPaths: " + "; ".join(sorted({f"{r['page']} `{r['path']}`" for r in runs})) + "\n")
    out.append("There is no per-organisation allocation grid page: the organisation's allocation is the "
               "portfolio filtered to it (`org=`), and the allocation grid is project P's Team tab.\n")
    out.append(f"## RLS cost ({BUDGET_C} connections)\n")
    out.append("| page | admin p50 ms | org-scoped p50 ms | ratio |")
    out.append("|---|--:|--:|--:|")
    for r in ratios:
        out.append(f"| {TITLES.get(r['page'], r['page'])} | {fmt(r['admin_p50_ms'], 2)} | "
                   f"{fmt(r['org_p50_ms'], 2)} | {r['ratio']:.2f}× |")
    out.append(f"\n## Budget (2 cores, large data, {BUDGET_C} connections)\n")
    out.append("| measure | value | budget | result |")
    out.append("|---|--:|--:|---|")
    for b in lines:
        result = {True: "PASS", False: "MISS", None: "n/a"}[b["pass"]]
        note = f" ({b['note']})" if b["note"] else ""
        digits = 2 if b["unit"] == "×" else 1 if b["unit"] in ("ms", "MB", "s") else 0
        out.append(f"| {b['measure']}{note} | {fmt(b['value'], digits)} {b['unit']} | "
                   f"{b['budget']} {b['unit']} | {result} |")
    out.append("")
    out.append(f"- `rediflow migrate` on an empty database: {fmt(number(facts.get('migrate_ms')), 0)} ms")
    out.append(f"- cold start to the first 200 of /readyz: {fmt(number(facts.get('cold_start_ms')), 0)} ms")
    out.append("- portfolio (admin, all organisations, 24 months), first request after a change "
               f"(its books refilled), median of 5: {fmt(number(facts.get('portfolio_after_change_ms')), 0)} ms")
    imported = number(facts.get("import_ms"))
    out.append("- ODS import of 100,000 demand rows: "
               + (f"{imported / 1000:.1f} s" if imported else "not available (no `rediflow gen-demo-workbook`)"))
    idle, peak = number(facts.get("rss_idle_kb")), number(facts.get("rss_peak_kb"))
    out.append(f"- server RSS: {fmt(idle and idle / 1024)} MB when ready, peak {fmt(peak and peak / 1024)} MB (VmHWM)")
    out.append(f"- gen-demo: {fmt(number(facts.get('gen_demo_ms')) and number(facts.get('gen_demo_ms')) / 1000)} s; "
               f"whole bench: {facts.get('total_s')} s")
    flagged = [r for r in runs if r["errors"]]
    if flagged:
        out.append("\n**Errors**: " + "; ".join(
            f"{r['page']} as {r['user']} at {r['connections']} connections "
            + (f"({r['non_2xx']} non-2xx, {r['socket_errors']} socket errors)" if r["requests"]
               else "(no request completed within the run)") for r in flagged))
    if warnings:
        out.append("\n**Server log** (target/bench/server.log): " + "; ".join(
            f"{w['count']} × `{w['message']}`" for w in warnings[:5]))
    return "\n".join(out) + "\n"


def main():
    directory = Path(sys.argv[1])
    facts = read_facts(directory)
    demo_file = directory / "demo.json"
    demo = json.loads(demo_file.read_text()) if demo_file.exists() else {}
    runs = collect_runs(directory)
    ratios = rls_ratios(runs)
    lines = budget(runs, facts, ratios)
    warnings = server_warnings(directory)
    report = markdown(runs, ratios, lines, facts, demo, warnings)
    (directory / "report.md").write_text(report)
    demo_facts = {k: v for k, v in demo.items() if k != "users"}
    (directory / "report.json").write_text(json.dumps({
        "facts": {k: number(v) if number(v) is not None else v for k, v in facts.items()},
        "data": demo_facts,
        "runs": runs,
        "rls": ratios,
        "budget": lines,
        "server_warnings": warnings,
    }, indent=2) + "\n")
    print()
    print(report)
    print(f"Written: {directory / 'report.md'} and {directory / 'report.json'}")


if __name__ == "__main__":
    main()
