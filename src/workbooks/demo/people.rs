//! People: employee groups with their daily hours, persons in the organisations' departments,
//! their group memberships, FTE periods, leave, and their assignments to projects of their own
//! university (with a few allocation overrides).

use std::collections::BTreeMap;

use bigdecimal::BigDecimal;
use bigdecimal::num_bigint::BigInt;
use chrono::{Datelike, Duration, NaiveDate};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use super::organisations::Orgs;
use super::projects::Portfolio;
use super::rng::Rng;
use super::{Lookups, Shape};
use crate::db::schema::{
    allocation_overrides, assignments, employee_group_hours, employee_group_memberships,
    employee_groups, fte_periods, leaves, persons,
};
use crate::planning::months::add_months;

const FIRST_NAMES: &[&str] = &[
    "Aino", "Eero", "Helmi", "Juha", "Kaisa", "Lauri", "Maria", "Mikko", "Noora", "Olli", "Pia",
    "Sami", "Tiina", "Ville", "Anna", "Erik", "Ingrid", "Johan", "Karin", "Lars", "Maja", "Nils",
    "Sofia", "Ahmed", "Chen", "Fatima", "Giulia", "Hannah", "Ivan", "Lucía", "Priya", "Tomás",
];

const LAST_NAMES: &[&str] = &[
    "Virtanen",
    "Korhonen",
    "Mäkinen",
    "Nieminen",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Lindqvist",
    "Berg",
    "García",
    "Rossi",
    "Müller",
    "Novák",
    "Kowalski",
    "Silva",
    "Nguyen",
    "Kim",
    "Okafor",
    "Patel",
];

/// A change of an employee group's daily hours: (month offset into the window, new hours × 100).
type HoursChange = Option<(i32, i64)>;

/// Employee groups: name, daily hours × 100, and for one of them a later change of daily hours,
/// as collective agreements do.
const GROUPS: &[(&str, i64, HoursChange)] = &[
    ("Research staff", 750, None),
    ("Teaching and research staff", 750, Some((18, 725))),
    ("Technical staff", 725, None),
    ("Administrative staff", 725, None),
];

pub struct Person {
    pub id: Uuid,
    pub code: String,
    pub first_name: String,
    pub last_name: String,
    pub organisation: usize,
    pub assignments: usize,
}

pub struct Staff {
    pub persons: Vec<Person>,
    memberships: Vec<NewMembership>,
    fte: Vec<NewFte>,
    leave: Vec<NewLeave>,
    assignments: Vec<NewAssignment>,
    overrides: Vec<NewOverride>,
    groups: Vec<(Uuid, &'static str)>,
    group_hours: Vec<NewGroupHours>,
    organisation_ids: Vec<Uuid>,
    emails: Vec<String>,
    employment: Vec<(NaiveDate, Option<NaiveDate>)>,
}

#[derive(Insertable)]
#[diesel(table_name = employee_groups, treat_none_as_default_value = false)]
struct NewGroup<'a> {
    id: Uuid,
    name: &'a str,
}

#[derive(Insertable)]
#[diesel(table_name = employee_group_hours, treat_none_as_default_value = false)]
struct NewGroupHours {
    id: Uuid,
    employee_group_id: Uuid,
    valid_from: NaiveDate,
    daily_hours: BigDecimal,
}

#[derive(Insertable)]
#[diesel(table_name = persons, treat_none_as_default_value = false)]
struct NewPerson<'a> {
    id: Uuid,
    code: &'a str,
    first_name: &'a str,
    last_name: &'a str,
    email: Option<&'a str>,
    organisation_id: Uuid,
    employment_start: Option<NaiveDate>,
    employment_end: Option<NaiveDate>,
}

#[derive(Insertable)]
#[diesel(table_name = employee_group_memberships, treat_none_as_default_value = false)]
struct NewMembership {
    id: Uuid,
    person_id: Uuid,
    employee_group_id: Uuid,
    valid_from: NaiveDate,
}

#[derive(Insertable)]
#[diesel(table_name = fte_periods, treat_none_as_default_value = false)]
struct NewFte {
    id: Uuid,
    person_id: Uuid,
    start_date: NaiveDate,
    end_date: Option<NaiveDate>,
    fte_percent: BigDecimal,
}

#[derive(Insertable)]
#[diesel(table_name = leaves, treat_none_as_default_value = false)]
struct NewLeave {
    id: Uuid,
    person_id: Uuid,
    leave_type_id: Uuid,
    start_date: NaiveDate,
    end_date: NaiveDate,
}

#[derive(Insertable)]
#[diesel(table_name = assignments, treat_none_as_default_value = false)]
struct NewAssignment {
    id: Uuid,
    person_id: Uuid,
    project_id: Uuid,
    role_type_id: Option<Uuid>,
    allocation_percent: BigDecimal,
    allocation_group_id: Uuid,
    start_month: NaiveDate,
    end_month: NaiveDate,
}

#[derive(Insertable)]
#[diesel(table_name = allocation_overrides, treat_none_as_default_value = false)]
struct NewOverride {
    id: Uuid,
    assignment_id: Uuid,
    project_id: Uuid,
    month: NaiveDate,
    pm: BigDecimal,
}

fn hundredths(value: i64) -> BigDecimal {
    BigDecimal::new(BigInt::from(value), 2)
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or_default()
}

/// Whole months from `from` to `to` (both first days of months).
fn months_between(from: NaiveDate, to: NaiveDate) -> i32 {
    (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32
}

/// The planning window the people's dates are drawn in.
struct Window {
    first: NaiveDate,
    months: i32,
    last_day: NaiveDate,
    /// Where the first FTE period, membership and daily hours of long-serving staff begin.
    long_ago: NaiveDate,
}

/// What drawing a person needs besides the random numbers: where people work, which projects
/// they can join, and the lookups their rows refer to.
struct Hiring<'a> {
    window: Window,
    orgs: &'a Orgs,
    portfolio: &'a Portfolio,
    role_types: &'a [Uuid],
    workplaces: Vec<(usize, u32)>,
    projects_of_root: BTreeMap<usize, Vec<usize>>,
    vacation: Option<Uuid>,
    sick: Option<Uuid>,
    parental: Option<Uuid>,
    fixed: Uuid,
    flexible: Uuid,
}

pub fn generate(
    rng: &mut Rng,
    shape: &Shape,
    orgs: &Orgs,
    portfolio: &Portfolio,
    lookups: &Lookups,
) -> Staff {
    let first = shape.first_month;
    let months = shape.months as i32;
    let window = Window {
        first,
        months,
        last_day: add_months(first, months).unwrap_or(first) - Duration::days(1),
        long_ago: date(2000, 1, 1),
    };
    let (groups, group_hours) = employee_groups(rng, &window);
    let hiring = Hiring {
        projects_of_root: projects_by_university(orgs, portfolio),
        workplaces: orgs.weighted_indices(),
        vacation: lookups.leave_types.get("VAC").copied(),
        sick: lookups.leave_types.get("SICK").copied(),
        parental: lookups.leave_types.get("PARENT").copied(),
        fixed: lookups
            .allocation_groups
            .get("fixed")
            .copied()
            .unwrap_or_default(),
        flexible: lookups
            .allocation_groups
            .get("flexible")
            .copied()
            .unwrap_or_default(),
        window,
        orgs,
        portfolio,
        role_types: &lookups.role_types,
    };
    let mut staff = Staff {
        persons: Vec::with_capacity(shape.persons),
        memberships: Vec::new(),
        fte: Vec::new(),
        leave: Vec::new(),
        assignments: Vec::new(),
        overrides: Vec::new(),
        groups,
        group_hours,
        organisation_ids: orgs.list.iter().map(|o| o.id).collect(),
        emails: Vec::new(),
        employment: Vec::new(),
    };
    for index in 0..shape.persons {
        staff.hire(rng, &hiring, index);
    }
    staff
}

/// The [`GROUPS`] with their daily hours since long ago, and the later change where a group has
/// one.
fn employee_groups(
    rng: &mut Rng,
    window: &Window,
) -> (Vec<(Uuid, &'static str)>, Vec<NewGroupHours>) {
    let groups: Vec<(Uuid, &'static str)> = GROUPS
        .iter()
        .map(|(name, ..)| (rng.uuid(), *name))
        .collect();
    let mut group_hours = Vec::new();
    for ((id, _), (_, hours, change)) in groups.iter().zip(GROUPS) {
        group_hours.push(NewGroupHours {
            id: rng.uuid(),
            employee_group_id: *id,
            valid_from: window.long_ago,
            daily_hours: hundredths(*hours),
        });
        if let Some((offset, new_hours)) = change {
            let valid_from = add_months(window.first, *offset).unwrap_or(window.first);
            group_hours.push(NewGroupHours {
                id: rng.uuid(),
                employee_group_id: *id,
                valid_from,
                daily_hours: hundredths(*new_hours),
            });
        }
    }
    (groups, group_hours)
}

/// The projects people of each university can work on: those their university takes part in.
fn projects_by_university(orgs: &Orgs, portfolio: &Portfolio) -> BTreeMap<usize, Vec<usize>> {
    let mut projects_of_root: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (index, project) in portfolio.projects.iter().enumerate() {
        if !project.is_staffed() {
            continue;
        }
        let mut roots: Vec<usize> = project.organisations().map(|o| orgs.list[o].root).collect();
        roots.dedup();
        for root in roots {
            let list = projects_of_root.entry(root).or_default();
            if list.last() != Some(&index) {
                list.push(index);
            }
        }
    }
    projects_of_root
}

/// A person's employment: the first and (for those who leave) the last day.
#[derive(Clone, Copy)]
struct Employment {
    start: NaiveDate,
    end: Option<NaiveDate>,
}

impl Employment {
    fn covers(&self, day: NaiveDate) -> bool {
        day >= self.start && self.end.is_none_or(|e| day <= e)
    }
}

impl Staff {
    /// Person number `index` (0-based) with their membership, FTE, leave and assignments. The
    /// order of the draws is part of the data: changing it changes every generated row after it.
    fn hire(&mut self, rng: &mut Rng, hiring: &Hiring, index: usize) {
        let window = &hiring.window;
        let id = rng.uuid();
        let organisation = rng.weighted(&hiring.workplaces);
        let first_name = rng.pick(FIRST_NAMES).to_string();
        let last_name = rng.pick(LAST_NAMES).to_string();
        let code = format!("demo-p{:05}", index + 1);
        let orgs = hiring.orgs;
        let domain = orgs.list[orgs.list[organisation].root]
            .short_name
            .to_lowercase();
        self.emails.push(format!("{code}@{domain}.example.org"));

        // Most people were hired years ago; a quarter join during the window, some leave.
        let start = if rng.chance(0.75) {
            add_months(window.first, -(rng.between(1, 180) as i32)).unwrap_or(window.first)
        } else {
            add_months(
                window.first,
                rng.between(0, i64::from(window.months - 6)) as i32,
            )
            .unwrap_or(window.first)
                + Duration::days(rng.between(0, 20))
        };
        let end = rng.chance(0.12).then(|| {
            let months = rng.between(12, 48) as i32;
            let start_month = crate::planning::months::month_of(start);
            add_months(start_month.max(window.first), months).unwrap_or(window.last_day)
                - Duration::days(1)
        });
        self.employment.push((start, end));
        let employment = Employment { start, end };
        let employed_from = start.max(window.long_ago);

        self.add_memberships(rng, window, id, employed_from);
        self.add_fte(rng, window, id, employed_from);
        self.add_leave(rng, hiring, id, employment);
        let assignments = self.add_assignments(rng, hiring, id, organisation, employment);
        self.persons.push(Person {
            id,
            code,
            first_name,
            last_name,
            organisation,
            assignments,
        });
    }

    /// A group from the start of the employment; one in ten move to the next group later.
    fn add_memberships(
        &mut self,
        rng: &mut Rng,
        window: &Window,
        person: Uuid,
        employed_from: NaiveDate,
    ) {
        let group = rng.weighted(&[(0usize, 6), (1, 2), (2, 2), (3, 1)]);
        self.memberships.push(NewMembership {
            id: rng.uuid(),
            person_id: person,
            employee_group_id: self.groups[group].0,
            valid_from: employed_from,
        });
        if rng.chance(0.1) {
            let moved = add_months(
                window.first,
                rng.between(6, i64::from(window.months - 1)) as i32,
            )
            .unwrap_or(window.first);
            if moved > employed_from {
                let other = (group + 1) % self.groups.len();
                self.memberships.push(NewMembership {
                    id: rng.uuid(),
                    person_id: person,
                    employee_group_id: self.groups[other].0,
                    valid_from: moved,
                });
            }
        }
    }

    /// Mostly full time; one in ten change their FTE during the window.
    fn add_fte(&mut self, rng: &mut Rng, window: &Window, person: Uuid, employed_from: NaiveDate) {
        let percent = if rng.chance(0.8) {
            100
        } else {
            *rng.pick(&[50, 60, 80])
        };
        let change = rng.chance(0.1).then(|| {
            add_months(
                window.first,
                rng.between(3, i64::from(window.months - 3)) as i32,
            )
            .unwrap_or(window.first)
        });
        match change.filter(|day| *day > employed_from) {
            Some(day) => {
                self.fte.push(NewFte {
                    id: rng.uuid(),
                    person_id: person,
                    start_date: employed_from,
                    end_date: Some(day - Duration::days(1)),
                    fte_percent: hundredths(percent * 100),
                });
                let later = if percent == 100 { 80 } else { 100 };
                self.fte.push(NewFte {
                    id: rng.uuid(),
                    person_id: person,
                    start_date: day,
                    end_date: None,
                    fte_percent: hundredths(later * 100),
                });
            }
            None => self.fte.push(NewFte {
                id: rng.uuid(),
                person_id: person,
                start_date: employed_from,
                end_date: None,
                fte_percent: hundredths(percent * 100),
            }),
        }
    }

    /// A summer vacation most years, a Christmas week some years, short sick leaves, and now and
    /// then a long parental leave; only while employed.
    fn add_leave(&mut self, rng: &mut Rng, hiring: &Hiring, person: Uuid, employment: Employment) {
        let window = &hiring.window;
        let mut add_leave = |kind: Option<Uuid>, from: NaiveDate, days: i64, rng: &mut Rng| {
            let to = from + Duration::days(days - 1);
            if let Some(kind) = kind
                && employment.covers(from)
                && employment.covers(to)
            {
                self.leave.push(NewLeave {
                    id: rng.uuid(),
                    person_id: person,
                    leave_type_id: kind,
                    start_date: from,
                    end_date: to,
                });
            }
        };
        for year in window.first.year()..=window.last_day.year() {
            if rng.chance(0.8) {
                add_leave(
                    hiring.vacation,
                    date(year, 6, 20) + Duration::days(rng.between(0, 30)),
                    rng.between(14, 28),
                    rng,
                );
            }
            if rng.chance(0.35) {
                add_leave(hiring.vacation, date(year, 12, 22), 10, rng);
            }
            if rng.chance(0.3) {
                add_leave(
                    hiring.sick,
                    date(year, 1, 10) + Duration::days(rng.between(0, 330)),
                    rng.between(1, 8),
                    rng,
                );
            }
        }
        if rng.chance(0.02) {
            add_leave(
                hiring.parental,
                window.first + Duration::days(rng.between(0, i64::from(window.months) * 28)),
                rng.between(120, 300),
                rng,
            );
        }
    }

    /// Up to three projects of the person's own university, inside both the project and the
    /// employment, one in ten with a few allocation overrides. Returns how many were chosen.
    fn add_assignments(
        &mut self,
        rng: &mut Rng,
        hiring: &Hiring,
        person: Uuid,
        organisation: usize,
        employment: Employment,
    ) -> usize {
        let root = hiring.orgs.list[organisation].root;
        let candidates = hiring
            .projects_of_root
            .get(&root)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let wanted = rng.weighted(&[(0usize, 1), (1, 7), (2, 8), (3, 4)]);
        let mut chosen: Vec<usize> = Vec::new();
        for _ in 0..wanted * 2 {
            if chosen.len() == wanted || candidates.is_empty() {
                break;
            }
            let project = *rng.pick(candidates);
            if chosen.contains(&project) {
                continue;
            }
            let p = &hiring.portfolio.projects[project];
            let employed_first =
                crate::planning::months::month_of(employment.start).max(p.start_month);
            let project_last = add_months(p.start_month, p.duration - 1).unwrap_or(p.start_month);
            let employed_last = employment
                .end
                .map(crate::planning::months::month_of)
                .unwrap_or(project_last)
                .min(project_last);
            let span = months_between(employed_first, employed_last);
            if span < 2 {
                continue;
            }
            chosen.push(project);
            let from = add_months(employed_first, rng.between(0, i64::from(span / 3)) as i32)
                .unwrap_or(employed_first);
            let length = rng.between(
                i64::from(span / 2),
                i64::from(span - months_between(employed_first, from)),
            ) as i32;
            let to = add_months(from, length).unwrap_or(from).min(employed_last);
            let assignment_id = rng.uuid();
            self.assignments.push(NewAssignment {
                id: assignment_id,
                person_id: person,
                project_id: p.id,
                role_type_id: Some(*rng.pick(hiring.role_types)),
                allocation_percent: hundredths(*rng.pick(&[10, 20, 25, 30, 40, 50, 60, 80]) * 100),
                allocation_group_id: if rng.chance(0.7) {
                    hiring.fixed
                } else {
                    hiring.flexible
                },
                start_month: from,
                end_month: to,
            });
            if rng.chance(0.1) {
                self.add_overrides(rng, assignment_id, p.id, from, to);
            }
        }
        chosen.len()
    }

    /// Two to five months of an assignment whose PM someone set by hand.
    fn add_overrides(
        &mut self,
        rng: &mut Rng,
        assignment_id: Uuid,
        project_id: Uuid,
        from: NaiveDate,
        to: NaiveDate,
    ) {
        let months = months_between(from, to);
        let mut taken = Vec::new();
        for _ in 0..rng.between(2, 5) {
            let month = add_months(from, rng.between(0, i64::from(months)) as i32).unwrap_or(from);
            if !taken.contains(&month) {
                taken.push(month);
                self.overrides.push(NewOverride {
                    id: rng.uuid(),
                    assignment_id,
                    project_id,
                    month,
                    pm: BigDecimal::new(BigInt::from(rng.between(0, 1000)), 3),
                });
            }
        }
    }
}

impl Staff {
    pub fn write(
        &self,
        conn: &mut PgConnection,
        rows: &mut BTreeMap<&'static str, usize>,
    ) -> QueryResult<()> {
        let groups: Vec<NewGroup> = self
            .groups
            .iter()
            .map(|(id, name)| NewGroup { id: *id, name })
            .collect();
        rows.insert(
            "employee_groups",
            diesel::copy_from(employee_groups::table)
                .from_insertable(&groups)
                .execute(conn)?,
        );
        rows.insert(
            "employee_group_hours",
            diesel::copy_from(employee_group_hours::table)
                .from_insertable(&self.group_hours)
                .execute(conn)?,
        );
        let persons: Vec<NewPerson> = self
            .persons
            .iter()
            .zip(&self.emails)
            .zip(&self.employment)
            .map(|((p, email), (start, end))| NewPerson {
                id: p.id,
                code: &p.code,
                first_name: &p.first_name,
                last_name: &p.last_name,
                email: Some(email),
                organisation_id: self.organisation_ids[p.organisation],
                employment_start: Some(*start),
                employment_end: *end,
            })
            .collect();
        rows.insert(
            "persons",
            diesel::copy_from(persons::table)
                .from_insertable(&persons)
                .execute(conn)?,
        );
        rows.insert(
            "employee_group_memberships",
            diesel::copy_from(employee_group_memberships::table)
                .from_insertable(&self.memberships)
                .execute(conn)?,
        );
        rows.insert(
            "fte_periods",
            diesel::copy_from(fte_periods::table)
                .from_insertable(&self.fte)
                .execute(conn)?,
        );
        rows.insert(
            "leaves",
            diesel::copy_from(leaves::table)
                .from_insertable(&self.leave)
                .execute(conn)?,
        );
        rows.insert(
            "assignments",
            diesel::copy_from(assignments::table)
                .from_insertable(&self.assignments)
                .execute(conn)?,
        );
        rows.insert(
            "allocation_overrides",
            diesel::copy_from(allocation_overrides::table)
                .from_insertable(&self.overrides)
                .execute(conn)?,
        );
        Ok(())
    }
}
