//! People and their capacity per month, in milli-PM, kept for one capacity version.

use std::sync::{Arc, PoisonError, RwLock};

use bigdecimal::BigDecimal;
use chrono::{Datelike, NaiveDate};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use rustc_hash::FxHashMap;
use uuid::Uuid;

use crate::people::persons::PersonSummary;
use crate::people::staffing;
use crate::planning::milli_pm;
use crate::planning::months::add_months;

/// Beyond this many person-months the book starts again rather than grow: 5,000 people over
/// 100 months fit, at 8 bytes each; someone paging through decades cannot make it grow without
/// bound.
const MAX_PERSON_MONTHS: usize = 500_000;

pub struct CapacityBook {
    version: Uuid,
    counted: RwLock<Counted>,
}

/// A person with their capacity in the months asked for.
pub struct Booked {
    pub summary: Arc<PersonSummary>,
    /// Milli-PM per month, in the order of the months asked for.
    pub pm: Vec<i64>,
}

#[derive(Default)]
struct Counted {
    people: FxHashMap<Uuid, BookedPerson>,
    person_months: usize,
}

/// A person's row and their capacity in consecutive months from `first`. Months are asked for in
/// runs (the portfolio's 24), so one lookup per person and a slice beat one per person-month.
struct BookedPerson {
    summary: Arc<PersonSummary>,
    first: NaiveDate,
    pm: Vec<i64>,
}

impl BookedPerson {
    /// The capacities of `months`, when this run holds all of them.
    fn months(&self, months: &[NaiveDate]) -> Option<Vec<i64>> {
        months
            .iter()
            .map(|month| self.pm.get(months_between(self.first, *month)?).copied())
            .collect()
    }
}

/// How many months `month` is after `first`, when it is not before it.
fn months_between(first: NaiveDate, month: NaiveDate) -> Option<usize> {
    let months = (month.year() - first.year()) * 12 + month.month() as i32 - first.month() as i32;
    usize::try_from(months).ok()
}

impl super::Versioned for CapacityBook {
    fn version(&self) -> Uuid {
        self.version
    }
}

impl CapacityBook {
    pub(super) fn new(version: Uuid) -> CapacityBook {
        CapacityBook {
            version,
            counted: RwLock::new(Counted::default()),
        }
    }

    /// The persons `ids` (those the user may see, from the request's own query) with their
    /// capacity in each of `months` (consecutive first days of months), in the order given.
    /// Those this book does not hold for these months are read on `conn` (persons the user may
    /// not see are left out), counted from their facts and kept. `server_default` is the hours
    /// per PM where no system rate applies.
    pub fn people(
        &self,
        conn: &mut PgConnection,
        ids: &[Uuid],
        months: &[NaiveDate],
        server_default: &BigDecimal,
    ) -> QueryResult<Vec<Booked>> {
        let mut found: Vec<Option<Booked>> = Vec::with_capacity(ids.len());
        let mut missing = Vec::new();
        {
            let counted = self.counted.read().unwrap_or_else(PoisonError::into_inner);
            for id in ids {
                let booked = counted.people.get(id).and_then(|person| {
                    Some(Booked {
                        pm: person.months(months)?,
                        summary: Arc::clone(&person.summary),
                    })
                });
                if booked.is_none() {
                    missing.push(*id);
                }
                found.push(booked);
            }
        }
        let (Some(first), Some(last)) = (months.first(), months.last()) else {
            return Ok(Vec::new());
        };
        if missing.is_empty() {
            return Ok(found.into_iter().flatten().collect());
        }
        let last_day = add_months(*last, 1)
            .and_then(|d| d.pred_opt())
            .unwrap_or(*last);
        let summaries = staffing::visible_people(conn, &missing)?;
        let mut facts = staffing::load_facts(conn, &summaries, *first, last_day)?;
        let rates = staffing::capacity_rates(conn, server_default)?;
        let hours_per_pm: Vec<BigDecimal> = months
            .iter()
            .map(|month| rates.divisor(*month, None).0)
            .collect();
        let mut fresh: FxHashMap<Uuid, Booked> = FxHashMap::default();
        for summary in summaries {
            let pm: Vec<i64> = match facts.remove(&summary.id) {
                Some(inputs) => months
                    .iter()
                    .zip(&hours_per_pm)
                    .map(|(month, divisor)| {
                        milli_pm::scaled(&inputs.facts.month(*month, divisor).pm, 3)
                    })
                    .collect(),
                None => vec![0; months.len()],
            };
            fresh.insert(
                summary.id,
                Booked {
                    summary: Arc::new(summary),
                    pm,
                },
            );
        }
        self.keep(months, &fresh);
        Ok(ids
            .iter()
            .zip(found)
            .filter_map(|(id, booked)| booked.or_else(|| fresh.remove(id)))
            .collect())
    }

    /// Keeps freshly counted people: a run of consecutive months is joined with the person's kept
    /// run when they overlap or touch, else replaces it (the latest request's months are the
    /// likeliest next ones); other month lists are not kept.
    fn keep(&self, months: &[NaiveDate], fresh: &FxHashMap<Uuid, Booked>) {
        let Some(first) = months.first() else {
            return;
        };
        let consecutive = months
            .iter()
            .enumerate()
            .all(|(i, month)| months_between(*first, *month) == Some(i));
        if !consecutive {
            return;
        }
        let mut counted = self.counted.write().unwrap_or_else(PoisonError::into_inner);
        if counted.person_months + fresh.len() * months.len() > MAX_PERSON_MONTHS {
            *counted = Counted::default();
        }
        for (id, booked) in fresh {
            let mut person = BookedPerson {
                summary: Arc::clone(&booked.summary),
                first: *first,
                pm: booked.pm.clone(),
            };
            if let Some(kept) = counted.people.remove(id) {
                counted.person_months -= kept.pm.len();
                person = person.joined(kept);
            }
            counted.person_months += person.pm.len();
            counted.people.insert(*id, person);
        }
    }
}

impl BookedPerson {
    /// One run of months covering this one and `older` when they overlap or touch (two users
    /// looking at different windows then do not recount everyone in turn); otherwise this one.
    /// Both were counted under the same version, so where they overlap they agree.
    fn joined(self, older: BookedPerson) -> BookedPerson {
        let (start, end) = (self.first, self.end());
        let (older_start, older_end) = (older.first, older.end());
        if older_end < start || end < older_start {
            return self;
        }
        let first = start.min(older_start);
        let length = months_between(first, end.max(older_end)).unwrap_or(0);
        let mut pm = vec![0; length];
        let mut fits = true;
        for run in [&older, &self] {
            let offset = months_between(first, run.first).unwrap_or(0);
            match pm.get_mut(offset..offset + run.pm.len()) {
                Some(slot) => slot.copy_from_slice(&run.pm),
                None => fits = false,
            }
        }
        // Only dates beyond the calendar's range do not fit: keep the newer run alone then.
        if !fits {
            return self;
        }
        BookedPerson {
            summary: self.summary,
            first,
            pm,
        }
    }

    /// The first month after the run.
    fn end(&self) -> NaiveDate {
        add_months(self.first, self.pm.len() as i32).unwrap_or(self.first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::test_support::d;

    fn run(first: &str, pm: &[i64]) -> BookedPerson {
        BookedPerson {
            summary: Arc::new(PersonSummary {
                id: Uuid::nil(),
                code: "p".into(),
                first_name: String::new(),
                last_name: String::new(),
                email: None,
                organisation_id: Uuid::nil(),
                organisation: String::new(),
                employment_start: None,
                employment_end: None,
            }),
            first: d(first),
            pm: pm.to_vec(),
        }
    }

    #[test]
    fn a_run_answers_for_the_months_it_holds_only() {
        let person = run("2030-11-01", &[1, 2, 3]);
        assert_eq!(
            person.months(&[d("2030-12-01"), d("2031-01-01")]),
            Some(vec![2, 3])
        );
        assert_eq!(person.months(&[d("2031-01-01"), d("2031-02-01")]), None);
        assert_eq!(person.months(&[d("2030-10-01")]), None);
    }

    #[test]
    fn overlapping_and_touching_runs_join_separate_ones_do_not() {
        let joined = run("2031-01-01", &[5, 6]).joined(run("2030-11-01", &[1, 2, 3]));
        assert_eq!(
            (joined.first, joined.pm),
            (d("2030-11-01"), vec![1, 2, 5, 6])
        );
        let touching = run("2031-02-01", &[7]).joined(run("2030-12-01", &[1, 2]));
        assert_eq!(
            (touching.first, touching.pm),
            (d("2030-12-01"), vec![1, 2, 7])
        );
        let inside = run("2030-12-01", &[9]).joined(run("2030-11-01", &[1, 2, 3]));
        assert_eq!((inside.first, inside.pm), (d("2030-11-01"), vec![1, 9, 3]));
        let apart = run("2031-06-01", &[8]).joined(run("2030-11-01", &[1, 2]));
        assert_eq!((apart.first, apart.pm), (d("2031-06-01"), vec![8]));
    }
}
