//! Holiday calendars in the database: `rediflow seed-calendars` fills the bundled ones.

use diesel::pg::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{calendars, holidays};
use crate::planning::holidays::{BundledCalendar, FIRST_YEAR, LAST_YEAR};

/// How many holidays one bundled calendar has, and how many this run added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededCalendar {
    pub code: &'static str,
    pub holidays: usize,
    pub added: usize,
}

#[derive(Insertable)]
#[diesel(table_name = holidays)]
struct NewHoliday<'a> {
    calendar_id: Uuid,
    day: chrono::NaiveDate,
    name: &'a str,
}

/// Inserts the FI and SE calendars and their holidays for 2000–2100. Rows that exist are left
/// alone, so running it again adds nothing; holidays added by admins are never touched.
pub fn seed_bundled(conn: &mut PgConnection) -> QueryResult<Vec<SeededCalendar>> {
    conn.transaction(|conn| {
        let mut report = Vec::new();
        for calendar in BundledCalendar::ALL {
            diesel::insert_into(calendars::table)
                .values((
                    calendars::code.eq(calendar.code()),
                    calendars::name.eq(calendar.name()),
                    calendars::country_code.eq(calendar.code()),
                ))
                .on_conflict(calendars::code)
                .do_nothing()
                .execute(conn)?;
            let calendar_id: Uuid = calendars::table
                .filter(calendars::code.eq(calendar.code()))
                .select(calendars::id)
                .first(conn)?;
            let days: Vec<_> = (FIRST_YEAR..=LAST_YEAR)
                .flat_map(|year| calendar.holidays(year))
                .collect();
            let rows: Vec<NewHoliday> = days
                .iter()
                .map(|h| NewHoliday {
                    calendar_id,
                    day: h.day,
                    name: h.name,
                })
                .collect();
            let mut added = 0;
            // 3 parameters a row; stay far below PostgreSQL's 65,535 bind parameters.
            for chunk in rows.chunks(5_000) {
                added += diesel::insert_into(holidays::table)
                    .values(chunk)
                    .on_conflict_do_nothing()
                    .execute(conn)?;
            }
            report.push(SeededCalendar {
                code: calendar.code(),
                holidays: rows.len(),
                added,
            });
        }
        Ok(report)
    })
}
