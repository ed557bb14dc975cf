//! `rediflow gen-demo-workbook`: a realistic project workbook in the import layout
//! (docs/ods-format.md) with exactly the number of demand rows asked for, the same content for
//! the same seed, for benchmarking `rediflow import-project`. No database is needed: the generator
//! builds the [`ProjectFile`] that `export-project` would read back and writes it with the same
//! writer, so the result imports like any exported project.
//!
//! A demand row is one (task, organisation, project month, series) cell with a value. The
//! project workbook carries the PROJPLAN and EST series only: ACTUAL (booked effort) is never
//! imported from a project workbook (docs/ods-format.md), so the rows are split between those two.

use bigdecimal::BigDecimal;
use bigdecimal::num_bigint::BigInt;
use chrono::{Months, NaiveDate};

use crate::workbooks::export;
use crate::workbooks::import::project::{
    DeliverableRow, DemandRow, MilestoneRow, OrgRole, OrgRow, ProjectFile, TaskRow, WorkPackageRow,
    valid_short_name,
};

pub const DEFAULT_CODE: &str = "BENCH-IMPORT";
pub const DEFAULT_SEED: u64 = 1;

/// The organisations generated projects draw their partners from. Their names and countries do
/// not depend on the seed, so importing several generated workbooks never renames one.
const ORGANISATIONS: [(&str, &str, &str); 15] = [
    ("WB-ORG01", "Workbench University", "FI"),
    ("WB-ORG02", "Workbench University, Research Centre", "FI"),
    ("WB-ORG03", "Nordic Applied Research AB", "SE"),
    ("WB-ORG04", "Baltic Data Institute", "EE"),
    ("WB-ORG05", "Rhein Engineering GmbH", "DE"),
    ("WB-ORG06", "Polder Analytics BV", "NL"),
    ("WB-ORG07", "Fjord Energy AS", "NO"),
    ("WB-ORG08", "Alpine Systems AG", "AT"),
    ("WB-ORG09", "Iberia Health Lab", "ES"),
    ("WB-ORG10", "Liffey Software Ltd", "IE"),
    ("WB-ORG11", "Vistula Robotics", "PL"),
    ("WB-ORG12", "Danube Materials Kft", "HU"),
    ("WB-ORG13", "Lagoon Mobility Srl", "IT"),
    ("WB-ORG14", "Seine Climate Services", "FR"),
    ("WB-ORG15", "Oresund Bio ApS", "DK"),
];

const WORK_PACKAGE_NAMES: [&str; 10] = [
    "Management and coordination",
    "Requirements and use cases",
    "Data platform",
    "Models and algorithms",
    "Integration and pilots",
    "Validation and impact assessment",
    "Training and capacity building",
    "Standardisation",
    "Ethics and data protection",
    "Dissemination and exploitation",
];

const TASK_NAMES: [&str; 12] = [
    "Requirements analysis",
    "Architecture and design",
    "Data collection",
    "Prototype implementation",
    "Integration",
    "Pilot operation",
    "Evaluation",
    "Quality assurance",
    "Stakeholder workshops",
    "Reporting",
    "Open data publication",
    "Exploitation planning",
];

/// Role types the migrations seed, so an import creates no lookups.
const RESEARCH_ROLES: [&str; 5] = [
    "Senior researcher",
    "Researcher",
    "Research assistant",
    "Developer",
    "Technician",
];

/// A project smaller than this would not look like one.
const MIN_WORK_PACKAGES: usize = 5;
const MAX_WORK_PACKAGES: i32 = 999;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub code: String,
    pub demand_rows: usize,
    pub seed: u64,
}

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same on every platform, which is
/// all a benchmark's data needs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi` (the modulo bias is irrelevant at these sizes).
    fn range(&mut self, lo: i32, hi: i32) -> i32 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next() % (hi - lo + 1) as u64) as i32
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.next() as usize % items.len()]
    }
}

/// One organisation's effort on one task in one series: `len` months from `start`, before
/// being cut down to the requested number of rows.
struct Run {
    row: usize,
    projplan: bool,
    start: i32,
    len: i32,
    /// PM per month, in hundredths.
    hundredths: i64,
}

/// The work packages and tasks drawn so far, with the demand runs of their partners.
struct Plan {
    work_packages: Vec<WorkPackageRow>,
    tasks: Vec<TaskRow>,
    runs: Vec<Run>,
    /// (task number, organisation) of each demand row, in the order of `runs`' `row`.
    pairs: Vec<(String, String)>,
    /// The demand cells the runs hold before they are cut down.
    capacity: usize,
}

/// The project of `spec`; its demand cells add up to exactly `spec.demand_rows`.
pub fn project(spec: &Spec) -> Result<ProjectFile, String> {
    if !valid_short_name(&spec.code) {
        return Err(format!(
            "the code \"{}\" may only use letters, digits, '.', '_' or '-', starting with a letter or digit",
            spec.code
        ));
    }
    let mut rng = Rng(spec.seed);
    let duration = rng.range(54, 60);
    let start = NaiveDate::from_ymd_opt(2025, 1, 1)
        .and_then(|d| d.checked_add_months(Months::new(rng.range(0, 23) as u32)))
        .ok_or("the start month is out of range")?;

    let organisations = pick_organisations(&mut rng);
    let partners: Vec<&str> = organisations
        .iter()
        .map(|o| o.short_name.as_str())
        .collect();

    let plan = plan_work_packages(&mut rng, duration, &partners, spec.demand_rows)?;
    let (est, projplan) = cut_to_rows(&plan, spec.demand_rows);
    let milestones = milestones(&mut rng, &plan.work_packages);
    let deliverables = deliverables(&mut rng, &plan.work_packages, &partners);
    Ok(ProjectFile {
        code: spec.code.clone(),
        name: format!("Generated project {}", spec.code),
        description: format!(
            "Generated by rediflow gen-demo-workbook (seed {}, {} demand rows).",
            spec.seed, spec.demand_rows
        ),
        start,
        duration,
        poo: ORGANISATIONS[0].0.to_string(),
        lifecycle: "running".to_string(),
        hours_per_pm: Some(BigDecimal::from(152)),
        organisations,
        work_packages: plan.work_packages,
        tasks: plan.tasks,
        milestones,
        deliverables,
        est,
        projplan: Some(projplan),
    })
}

/// Work packages until there are at least [`MIN_WORK_PACKAGES`] and their runs hold at least
/// `demand_rows` cells, so that cutting the runs down can reach the number asked for.
fn plan_work_packages(
    rng: &mut Rng,
    duration: i32,
    partners: &[&str],
    demand_rows: usize,
) -> Result<Plan, String> {
    let mut plan = Plan {
        work_packages: Vec::new(),
        tasks: Vec::new(),
        runs: Vec::new(),
        pairs: Vec::new(),
        capacity: 0,
    };
    while plan.work_packages.len() < MIN_WORK_PACKAGES || plan.capacity < demand_rows {
        let number = plan.work_packages.len() as i32 + 1;
        if number > MAX_WORK_PACKAGES {
            return Err(format!(
                "{demand_rows} demand rows do not fit in one project of {MAX_WORK_PACKAGES} work packages"
            ));
        }
        // Management runs the whole project; the others start and end somewhere inside it.
        let (begin, end) = if number == 1 {
            (1, duration)
        } else {
            let begin = rng.range(1, duration / 4);
            (begin, rng.range((duration * 3 / 4).max(begin), duration))
        };
        let name = WORK_PACKAGE_NAMES
            .get(number as usize - 1)
            .map(|n| n.to_string())
            .unwrap_or_else(|| format!("Work package {number}"));
        let wp = WorkPackageRow {
            number,
            name,
            lead_org: Some(rng.pick(partners).to_string()),
            begin,
            end,
        };
        plan_tasks(rng, &mut plan, &wp, duration, partners);
        plan.work_packages.push(wp);
    }
    Ok(plan)
}

/// Three to six tasks inside work package `wp`, each with a team of partners and their runs in
/// both series.
fn plan_tasks(
    rng: &mut Rng,
    plan: &mut Plan,
    wp: &WorkPackageRow,
    duration: i32,
    partners: &[&str],
) {
    let (number, begin, end) = (wp.number, wp.begin, wp.end);
    let span = end - begin + 1;
    for t in 1..=rng.range(3, 6) {
        let len = rng.range((span / 2).max(1), span);
        let task_begin = begin + rng.range(0, span - len);
        let task_end = task_begin + len - 1;
        // Between three partners and all of them work on a task.
        let mut team: Vec<&str> = partners.to_vec();
        shuffle(rng, &mut team);
        team.truncate(rng.range(3, partners.len() as i32) as usize);
        team.sort_unstable();
        let task_number = format!("{number}.{t}");
        for org in &team {
            // A partner joins a little after the task starts and may leave a little early.
            let join = task_begin + rng.range(0, len / 4);
            let leave = (task_end - rng.range(0, len / 4)).max(join);
            let hundredths = i64::from(rng.range(2, 20)) * 5;
            // The estimate drifts from the contracted plan by up to two months.
            let est_start = (join + rng.range(-2, 2)).clamp(1, duration);
            let est_end = (leave + rng.range(-2, 2)).clamp(est_start, duration);
            let est_hundredths = (hundredths + i64::from(rng.range(-2, 2)) * 5).max(5);
            let row = plan.pairs.len();
            plan.pairs.push((task_number.clone(), org.to_string()));
            for (projplan, start, end, hundredths) in [
                (true, join, leave, hundredths),
                (false, est_start, est_end, est_hundredths),
            ] {
                let len = end - start + 1;
                plan.capacity += len as usize;
                plan.runs.push(Run {
                    row,
                    projplan,
                    start,
                    len,
                    hundredths,
                });
            }
        }
        let role = if number == 1 {
            "Project manager"
        } else {
            *rng.pick(&RESEARCH_ROLES)
        };
        plan.tasks.push(TaskRow {
            wp: number,
            number: task_number,
            name: rng.pick(&TASK_NAMES).to_string(),
            begin: task_begin,
            end: task_end,
            role: Some(role.to_string()),
            lead_org: team.first().map(|o| o.to_string()),
        });
    }
}

/// The (EST, PROJPLAN) rows of the plan's runs, each cut by the same factor so that together
/// they hold exactly `demand_rows` cells.
fn cut_to_rows(plan: &Plan, demand_rows: usize) -> (Vec<DemandRow>, Vec<DemandRow>) {
    let lengths = apportion(
        &plan.runs.iter().map(|r| r.len as usize).collect::<Vec<_>>(),
        demand_rows,
    );
    let mut est: Vec<DemandRow> = Vec::new();
    let mut projplan: Vec<DemandRow> = Vec::new();
    for (run, len) in plan.runs.iter().zip(lengths) {
        if len == 0 {
            continue;
        }
        // Cut from both ends so the remaining months stay in the middle of the run.
        let first = run.start + (run.len - len as i32) / 2;
        let (task, org) = &plan.pairs[run.row];
        let pm = (first..first + len as i32)
            .map(|m| (m, BigDecimal::new(BigInt::from(run.hundredths), 2)))
            .collect();
        let series = if run.projplan {
            &mut projplan
        } else {
            &mut est
        };
        series.push(DemandRow {
            task: task.clone(),
            org: org.clone(),
            pm,
        });
    }
    (est, projplan)
}

/// The workbook of `spec` and the project it holds.
pub fn workbook(spec: &Spec) -> Result<(Vec<u8>, ProjectFile), String> {
    let project = project(spec)?;
    let bytes = export::project_ods(&project)?;
    Ok((bytes, project))
}

/// The demand rows of a project file: every EST and PROJPLAN cell with a value.
pub fn demand_rows(f: &ProjectFile) -> usize {
    f.est
        .iter()
        .chain(f.projplan.iter().flatten())
        .map(|r| r.pm.len())
        .sum()
}

/// The coordinator and its research centre, then eight to thirteen partners of the pool.
fn pick_organisations(rng: &mut Rng) -> Vec<OrgRow> {
    let mut others: Vec<usize> = (2..ORGANISATIONS.len()).collect();
    shuffle(rng, &mut others);
    others.truncate(rng.range(8, others.len() as i32) as usize);
    others.sort_unstable();
    [0, 1]
        .into_iter()
        .chain(others)
        .map(|i| {
            let (short, name, country) = ORGANISATIONS[i];
            OrgRow {
                short_name: short.to_string(),
                name: name.to_string(),
                parent: (i == 1).then(|| ORGANISATIONS[0].0.to_string()),
                country: Some(country.to_string()),
                role: if i == 0 {
                    OrgRole::Poo
                } else {
                    OrgRole::Partner
                },
            }
        })
        .collect()
}

fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// Shares `total` out over runs in proportion to their lengths (largest remainder first), so
/// every run is cut by the same factor and the shares add up exactly. Needs `total <= sum`.
fn apportion(lengths: &[usize], total: usize) -> Vec<usize> {
    let sum: usize = lengths.iter().sum();
    if sum == 0 {
        return vec![0; lengths.len()];
    }
    let (sum, total) = (sum as u128, total.min(sum) as u128);
    let mut shares: Vec<usize> = Vec::with_capacity(lengths.len());
    let mut remainders: Vec<(u128, usize)> = Vec::with_capacity(lengths.len());
    for (i, len) in lengths.iter().enumerate() {
        let exact = *len as u128 * total;
        shares.push((exact / sum) as usize);
        remainders.push((exact % sum, i));
    }
    let missing = total as usize - shares.iter().sum::<usize>();
    // Largest remainder first, earlier runs first on ties: deterministic.
    remainders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders.into_iter().take(missing) {
        shares[i] += 1;
    }
    shares
}

fn milestones(rng: &mut Rng, work_packages: &[WorkPackageRow]) -> Vec<MilestoneRow> {
    let mut rows = Vec::new();
    for wp in work_packages {
        for _ in 0..rng.range(0, 2) {
            let number = rows.len() + 1;
            rows.push(MilestoneRow {
                number: format!("MS{number}"),
                name: format!("{} milestone {number}", wp.name),
                wp: Some(wp.number),
                due: rng.range(wp.begin, wp.end),
                role: None,
            });
        }
    }
    rows
}

fn deliverables(
    rng: &mut Rng,
    work_packages: &[WorkPackageRow],
    partners: &[&str],
) -> Vec<DeliverableRow> {
    let mut rows = Vec::new();
    for wp in work_packages {
        for n in 1..=rng.range(1, 3) {
            let (name, kind) = if wp.number == 1 && n == 1 {
                ("Data management plan".to_string(), "DMP")
            } else {
                (
                    format!("{} report {n}", wp.name),
                    *rng.pick(&["R", "R", "DEM", "DATA", "DEC"]),
                )
            };
            rows.push(DeliverableRow {
                number: format!("D{}.{n}", wp.number),
                name,
                wp: wp.number,
                due: rng.range(wp.begin, wp.end),
                kind: Some(kind.to_string()),
                dissemination: Some(rng.pick(&["PU", "PU", "SEN"]).to_string()),
                lead_org: Some(rng.pick(partners).to_string()),
            });
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(rows: usize, seed: u64) -> Spec {
        Spec {
            code: DEFAULT_CODE.to_string(),
            demand_rows: rows,
            seed,
        }
    }

    #[test]
    fn yields_exactly_the_rows_asked_for() {
        for rows in [0, 1, 7, 500, 2_000, 12_345] {
            let p = project(&spec(rows, 42)).unwrap();
            assert_eq!(demand_rows(&p), rows, "{rows}");
            assert!(p.work_packages.len() >= MIN_WORK_PACKAGES && p.tasks.len() >= 15);
            assert!((10..=15).contains(&p.organisations.len()));
            // Every month is inside the project and every value is positive.
            for r in p.est.iter().chain(p.projplan.iter().flatten()) {
                assert!(!r.pm.is_empty());
                for (m, pm) in &r.pm {
                    assert!((1..=p.duration).contains(m), "M{m}");
                    assert!(*pm > 0);
                }
            }
        }
    }

    #[test]
    fn rows_are_distinct_cells_in_both_series() {
        let p = project(&spec(5_000, 7)).unwrap();
        assert!(!p.est.is_empty() && !p.projplan.as_ref().unwrap().is_empty());
        for rows in [&p.est, p.projplan.as_ref().unwrap()] {
            let mut pairs: Vec<(&str, &str)> = rows
                .iter()
                .map(|r| (r.task.as_str(), r.org.as_str()))
                .collect();
            let all = pairs.len();
            pairs.sort_unstable();
            pairs.dedup();
            assert_eq!(pairs.len(), all, "one row per task and organisation");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_project() {
        // The .ods bytes carry the time of writing; the project they hold is what must repeat.
        let content = |seed| format!("{:?}", project(&spec(3_000, seed)).unwrap());
        assert!(content(9) == content(9));
        assert!(content(9) != content(10));
    }

    #[test]
    fn a_hundred_thousand_rows_fit_a_plausible_project() {
        let p = project(&spec(100_000, DEFAULT_SEED)).unwrap();
        assert_eq!(demand_rows(&p), 100_000);
        assert!(p.work_packages.len() < 100, "{}", p.work_packages.len());
    }

    #[test]
    fn apportioning_adds_up_and_respects_lengths() {
        let lengths = [5, 0, 3, 10, 1];
        for total in 0..=19 {
            let shares = apportion(&lengths, total);
            assert_eq!(shares.iter().sum::<usize>(), total);
            assert!(shares.iter().zip(lengths).all(|(s, l)| *s <= l));
        }
    }

    #[test]
    fn bad_codes_are_refused() {
        assert!(
            project(&Spec {
                code: "no spaces".into(),
                demand_rows: 10,
                seed: 1
            })
            .is_err()
        );
    }
}
