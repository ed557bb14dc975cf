//! Each person's capacity facts for a span of days (employment, daily hours, FTE periods, leave
//! and holidays in the span, employee groups), kept for one capacity version. The Team tab and
//! My allocations count capacity from them; reading them under row-level security costs an
//! org-scoped user a hash of their organisations' thousand people per table and statement, and
//! they change far less often than those pages are read.

use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};

use chrono::NaiveDate;
use diesel::QueryResult;
use diesel::pg::PgConnection;
use rustc_hash::FxHashMap;
use uuid::Uuid;

use crate::people::persons::PersonSummary;
use crate::people::staffing::{self, CapacityInputs};

/// Beyond this many person-spans the book starts again rather than grow: each project's Team
/// tab asks for its own span of days, and a person's facts for a span of years hold a few dozen
/// holidays and leave periods (~1–2 KB), so the book stays within a few tens of MB.
const MAX_KEPT: usize = 20_000;

/// The first and last day of a span.
type Span = (NaiveDate, NaiveDate);

pub struct FactsBook {
    version: Uuid,
    kept: RwLock<Kept>,
}

#[derive(Default)]
struct Kept {
    spans: FxHashMap<Span, FxHashMap<Uuid, Arc<CapacityInputs>>>,
    count: usize,
}

impl super::Versioned for FactsBook {
    fn version(&self) -> Uuid {
        self.version
    }
}

impl FactsBook {
    pub(super) fn new(version: Uuid) -> FactsBook {
        FactsBook {
            version,
            kept: RwLock::new(Kept::default()),
        }
    }

    /// The capacity facts of `people` (persons the user may see, from the request's own query)
    /// with leave and holidays of the days `from..=to`. Those this book does not hold for that
    /// span are read on `conn` and kept.
    pub fn inputs(
        &self,
        conn: &mut PgConnection,
        people: &[PersonSummary],
        from: NaiveDate,
        to: NaiveDate,
    ) -> QueryResult<HashMap<Uuid, CapacityInputs>> {
        let mut found = HashMap::with_capacity(people.len());
        let mut missing = Vec::new();
        {
            let kept = self.kept.read().unwrap_or_else(PoisonError::into_inner);
            let span = kept.spans.get(&(from, to));
            for person in people {
                match span.and_then(|span| span.get(&person.id)) {
                    Some(inputs) => {
                        found.insert(person.id, CapacityInputs::clone(inputs));
                    }
                    None => missing.push(person.clone()),
                }
            }
        }
        if missing.is_empty() {
            return Ok(found);
        }
        let loaded = staffing::load_facts(conn, &missing, from, to)?;
        let mut kept = self.kept.write().unwrap_or_else(PoisonError::into_inner);
        if kept.count + loaded.len() > MAX_KEPT {
            *kept = Kept::default();
        }
        let mut added = 0;
        let span = kept.spans.entry((from, to)).or_default();
        for (person, inputs) in loaded {
            if span.insert(person, Arc::new(inputs.clone())).is_none() {
                added += 1;
            }
            found.insert(person, inputs);
        }
        kept.count += added;
        Ok(found)
    }
}
