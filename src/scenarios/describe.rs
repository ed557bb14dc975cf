//! A scenario's change in words, as its pages and the compare views list it ("starts 3 months
//! later", "won", "a new assignment of 80 % from 2031-01 to 2031-02").

use super::change::{Change, month_text};
use crate::i18n::Msg;
use crate::planning::milli_pm;

/// What `change` does to its project, in one sentence (the project is named beside it).
/// Percentages are stored in hundredths and PM in milli-PM; the sentence shows them as typed.
pub fn describe(change: &Change) -> Msg {
    let percent = |centi: i64| centi as f64 / 100.0;
    match change {
        Change::Shift { months } if *months > 0 => {
            Msg::new("scenario-change-later").arg("months", *months)
        }
        Change::Shift { months } => Msg::new("scenario-change-earlier").arg("months", -*months),
        Change::Duration { months } => Msg::new("scenario-change-duration").arg("months", *months),
        Change::ScaleDemand { percent } => {
            Msg::new("scenario-change-scale").arg("percent", *percent)
        }
        Change::Outcome { won: true } => Msg::new("scenario-change-won"),
        Change::Outcome { won: false } => Msg::new("scenario-change-lost"),
        Change::AddAssignment {
            percent: p,
            start,
            end,
            tentative,
            ..
        } => Msg::new(if *tentative {
            "scenario-change-add-tentative"
        } else {
            "scenario-change-add"
        })
        .arg("percent", percent(*p))
        .arg("first", month_text(*start))
        .arg("last", month_text(*end)),
        Change::ChangeAssignment {
            percent: p,
            start,
            end,
            ..
        } => Msg::new("scenario-change-assignment")
            .arg("percent", percent(*p))
            .arg("first", month_text(*start))
            .arg("last", month_text(*end)),
        Change::RemoveAssignment { .. } => Msg::new("scenario-change-remove"),
        Change::Allocation {
            month,
            pm: Some(pm),
            ..
        } => Msg::new("scenario-change-allocation")
            .arg("month", month_text(*month))
            .arg("pm", milli_pm::to_f64(*pm)),
        Change::Allocation {
            month, pm: None, ..
        } => Msg::new("scenario-change-allocation-derived").arg("month", month_text(*month)),
        Change::Placeholder { start, end, pm, .. } => Msg::new("scenario-change-placeholder")
            .arg("pm", milli_pm::to_f64(*pm))
            .arg("first", month_text(*start))
            .arg("last", month_text(*end)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn changes_read_as_sentences_with_their_figures_as_typed() {
        let later = describe(&Change::Shift { months: 3 });
        assert_eq!(later.in_lang(Lang::En), "starts 3 months later");
        let earlier = describe(&Change::Shift { months: -2 });
        assert_eq!(earlier.in_lang(Lang::En), "starts 2 months earlier");
        assert_eq!(
            describe(&Change::Outcome { won: true }).in_lang(Lang::En),
            "won"
        );
        let add = Change::AddAssignment {
            person: uuid::Uuid::nil(),
            role: None,
            percent: 8_050,
            group: uuid::Uuid::nil(),
            start: chrono::NaiveDate::from_ymd_opt(2031, 1, 1).unwrap(),
            end: chrono::NaiveDate::from_ymd_opt(2031, 2, 1).unwrap(),
            tentative: false,
        };
        assert_eq!(
            describe(&add).in_lang(Lang::En),
            "a new assignment of 80.5 % from 2031-01 to 2031-02"
        );
        assert!(describe(&add).in_lang(Lang::Fi).contains("80,5"));
    }
}
