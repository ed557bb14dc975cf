//! Organisation trees: a few universities and institutes (the roots), their faculties, and the
//! faculties' departments, where most people work and most projects are owned.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use super::projects::Portfolio;
use super::rng::Rng;
use crate::db::schema::organisations;

/// Root organisations: short-name stem, name, holiday calendar country.
const ROOTS: &[(&str, &str, &str)] = &[
    ("HEL", "University of Helsinki", "FI"),
    ("UMU", "Umeå University", "SE"),
    ("TRE", "Tampere University", "FI"),
    ("LU", "Lund University", "SE"),
    ("VTT", "VTT Technical Research Centre", "FI"),
    ("RISE", "RISE Research Institutes of Sweden", "SE"),
    ("OULU", "University of Oulu", "FI"),
    ("KTH", "KTH Royal Institute of Technology", "SE"),
];

const FACULTIES: &[&str] = &[
    "Faculty of Science",
    "Faculty of Engineering",
    "Faculty of Medicine",
    "Faculty of Social Sciences",
    "Faculty of Humanities",
    "School of Business",
];

const DEPARTMENTS: &[&str] = &[
    "Physics",
    "Chemistry",
    "Computer Science",
    "Mathematics",
    "Biology",
    "Materials Science",
    "Electrical Engineering",
    "Public Health",
    "Economics",
    "Linguistics",
    "Geosciences",
    "Mechanical Engineering",
];

pub struct Org {
    pub id: Uuid,
    pub short_name: String,
    pub name: String,
    pub parent: Option<usize>,
    /// The index of this organisation's root (itself for a root).
    pub root: usize,
    /// 0 for roots, 1 for faculties, 2 for departments.
    pub depth: u8,
    country_code: Option<&'static str>,
}

pub struct Orgs {
    pub list: Vec<Org>,
}

impl Orgs {
    /// The root organisation that owns the most projects (through its subtree).
    pub fn busiest_root(&self, portfolio: &Portfolio) -> usize {
        let mut owned = vec![0usize; self.list.len()];
        for project in &portfolio.projects {
            owned[self.list[project.owner].root] += 1;
        }
        let roots = self
            .list
            .iter()
            .enumerate()
            .filter(|(_, org)| org.depth == 0);
        roots
            .max_by_key(|(index, _)| (owned[*index], std::cmp::Reverse(*index)))
            .map(|(index, _)| index)
            .unwrap_or_default()
    }

    /// Where people work and projects are owned: departments three times as often as faculties,
    /// faculties twice as often as roots (small institutes have no departments).
    pub fn weighted_indices(&self) -> Vec<(usize, u32)> {
        self.list
            .iter()
            .enumerate()
            .map(|(index, org)| (index, [2, 4, 6][usize::from(org.depth)]))
            .collect()
    }
}

pub fn generate(rng: &mut Rng, count: usize) -> Orgs {
    let roots = (count / 10).clamp(2, ROOTS.len()).min(count);
    let mut list: Vec<Org> = ROOTS[..roots]
        .iter()
        .enumerate()
        .map(|(index, (stem, name, country))| Org {
            id: rng.uuid(),
            short_name: (*stem).to_string(),
            name: (*name).to_string(),
            parent: None,
            root: index,
            depth: 0,
            country_code: Some(country),
        })
        .collect();
    // A third of the rest are faculties (spread over the roots), the others their departments.
    let rest = count - roots;
    let faculties = if rest == 0 { 0 } else { (rest / 3).max(1) };
    for n in 0..faculties {
        let root = n % roots;
        let number = n / roots + 1;
        list.push(Org {
            id: rng.uuid(),
            short_name: format!("{}-F{number}", list[root].short_name),
            name: format!(
                "{}, {}",
                FACULTIES[(n / roots) % FACULTIES.len()],
                list[root].name
            ),
            parent: Some(root),
            root,
            depth: 1,
            country_code: None,
        });
    }
    for n in 0..rest - faculties {
        let parent = roots + n % faculties;
        let number = n / faculties + 1;
        let department = DEPARTMENTS[(n + rng.between(0, 3) as usize) % DEPARTMENTS.len()];
        list.push(Org {
            id: rng.uuid(),
            short_name: format!("{}-D{number}", list[parent].short_name),
            name: format!("Department of {department}, {}", list[parent].name),
            parent: Some(parent),
            root: list[parent].root,
            depth: 2,
            country_code: None,
        });
    }
    Orgs { list }
}

#[derive(Insertable)]
#[diesel(table_name = organisations, treat_none_as_default_value = false)]
struct NewOrganisation<'a> {
    id: Uuid,
    short_name: &'a str,
    name: &'a str,
    parent_id: Option<Uuid>,
    country_code: Option<&'a str>,
}

pub fn write(conn: &mut PgConnection, orgs: &Orgs) -> QueryResult<usize> {
    let rows: Vec<NewOrganisation> = orgs
        .list
        .iter()
        .map(|org| NewOrganisation {
            id: org.id,
            short_name: &org.short_name,
            name: &org.name,
            parent_id: org.parent.map(|parent| orgs.list[parent].id),
            country_code: org.country_code,
        })
        .collect();
    diesel::copy_from(organisations::table)
        .from_insertable(&rows)
        .execute(conn)
}
