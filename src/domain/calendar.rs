//! The working-day calendar: Monday to Friday, minus public holidays, plus
//! weekend days declared make-up working days (调休). The State Council
//! publishes each year's schedule in November, so the calendar is data
//! (`data/cn-holidays.toml`) that users extend every year; a year without
//! data is "uncovered" and callers must say so rather than guess.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

const BUILTIN: &str = include_str!("../../data/cn-holidays.toml");

/// The days of one year that differ from the Monday-to-Friday rule.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Year {
    /// Days off: holidays and the days off around them (weekend days included).
    pub off: BTreeSet<NaiveDate>,
    /// Weekend days that are make-up working days.
    pub work: BTreeSet<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Calendar {
    years: BTreeMap<i32, Year>,
}

/// How a number of days is counted from a start date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    /// Civil Procedure Law Art. 85: the start day is not counted; a last day
    /// that is a day off moves to the next working day.
    CalendarDays,
    /// Only working days are counted.
    WorkingDays,
}

impl Counting {
    pub const ALL: &'static [Counting] = &[Counting::CalendarDays, Counting::WorkingDays];

    pub fn code(self) -> &'static str {
        match self {
            Counting::CalendarDays => "calendar_days",
            Counting::WorkingDays => "working_days",
        }
    }

    pub fn from_code(code: &str) -> Option<Counting> {
        Counting::ALL.iter().copied().find(|c| c.code() == code)
    }
}

/// A computed due date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub date: NaiveDate,
    /// Years the computation looked at that have no calendar data (sorted):
    /// for those, only weekends were taken as days off.
    pub uncovered: Vec<i32>,
}

/// A calendar file that could not be read. Line and column are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct CalendarError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_position(f, self.line, self.column)?;
        f.write_str(&self.message)
    }
}

/// "line L, column C: " when the position is known.
pub(crate) fn write_position(
    f: &mut fmt::Formatter<'_>,
    line: Option<usize>,
    column: Option<usize>,
) -> fmt::Result {
    match (line, column) {
        (Some(l), Some(c)) => write!(f, "line {l}, column {c}: "),
        (Some(l), None) => write!(f, "line {l}: "),
        _ => Ok(()),
    }
}

/// The 1-based line and column (in characters) of a byte offset in `text`.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

impl CalendarError {
    fn at(text: &str, span: Range<usize>, message: impl Into<String>) -> CalendarError {
        let (line, column) = line_column(text, span.start);
        CalendarError {
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }

    fn from_toml(text: &str, err: &toml::de::Error) -> CalendarError {
        let mut message = err.message().to_string();
        // toml says "invalid date, expected day between 01 and 28": name the date too.
        if let (Some(span), Some(rest)) = (err.span(), message.strip_prefix("invalid date, ")) {
            let literal = text.get(span.clone()).unwrap_or("").trim();
            message = format!("{literal} is not a date ({rest})");
        }
        match err.span() {
            Some(span) => CalendarError::at(text, span, message),
            None => CalendarError {
                line: None,
                column: None,
                message,
            },
        }
    }
}

impl Calendar {
    /// An empty calendar: every year uncovered.
    pub fn new() -> Calendar {
        Calendar::default()
    }

    /// The schedule shipped with docket (`data/cn-holidays.toml`).
    pub fn builtin() -> Calendar {
        // The file is part of the program and checked by a test.
        Calendar::parse(BUILTIN).expect("the built-in holiday data is valid") // ok: built-in data, checked by a test
    }

    /// Reads a calendar in the format of `data/cn-holidays.toml`.
    pub fn parse(text: &str) -> Result<Calendar, CalendarError> {
        let doc = DeTable::parse(text).map_err(|e| CalendarError::from_toml(text, &e))?;
        let mut calendar = Calendar::new();
        for (key, value) in doc.get_ref().iter() {
            if key.get_ref() != "years" {
                let msg = format!("unknown key `{}`; expected `years`", key.get_ref());
                return Err(CalendarError::at(text, key.span(), msg));
            }
            let Some(years) = value.get_ref().as_table() else {
                let msg = "`years` must be a table of years, such as [years.2026]";
                return Err(CalendarError::at(text, value.span(), msg));
            };
            for (year_key, year_value) in years.iter() {
                let year = parse_year_key(year_key.get_ref()).ok_or_else(|| {
                    let msg = format!(
                        "`{}` is not a year (expected 4 digits, such as 2026)",
                        year_key.get_ref()
                    );
                    CalendarError::at(text, year_key.span(), msg)
                })?;
                let parsed = parse_year(text, year, year_value)?;
                calendar.years.insert(year, parsed);
            }
        }
        Ok(calendar)
    }

    /// Adds or replaces whole years; returns the years taken from `other`.
    pub fn merge(&mut self, other: Calendar) -> Vec<i32> {
        let years: Vec<i32> = other.years.keys().copied().collect();
        self.years.extend(other.years);
        years
    }

    pub fn covers(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// Next year, when it is December and the calendar lacks it: the State
    /// Council publishes the schedule in November, so it is time to import.
    pub fn next_year_missing(&self, today: NaiveDate) -> Option<i32> {
        let next = today.year() + 1;
        (today.month() == 12 && !self.covers(next)).then_some(next)
    }

    /// The covered years, ascending.
    pub fn years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    pub fn year(&self, year: i32) -> Option<&Year> {
        self.years.get(&year)
    }

    /// Monday to Friday unless a day off, or a make-up working day.
    /// In an uncovered year only weekends are days off.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if let Some(year) = self.years.get(&date.year()) {
            if year.off.contains(&date) {
                return false;
            }
            if year.work.contains(&date) {
                return true;
            }
        }
        !is_weekend(date)
    }

    /// The date `days` days after `start` (the start day is not counted).
    ///
    /// Calendar days: start + days, moved to the next working day when that
    /// is a day off. Working days: the `days`-th working day after start.
    /// `days == 0` is the start date itself in both modes.
    pub fn due_date(&self, start: NaiveDate, days: u32, counting: Counting) -> Due {
        let mut consulted = BTreeSet::new();
        let mut working = |d: NaiveDate| {
            consulted.insert(d.year());
            self.is_working_day(d)
        };
        let mut date = start;
        match counting {
            Counting::CalendarDays if days > 0 => {
                date = start
                    .checked_add_days(Days::new(days.into()))
                    .unwrap_or(NaiveDate::MAX);
                while !working(date) {
                    let Some(next) = date.succ_opt() else { break };
                    date = next;
                }
            }
            Counting::CalendarDays => {}
            Counting::WorkingDays => {
                let mut left = days;
                while left > 0 {
                    let Some(next) = date.succ_opt() else { break };
                    date = next;
                    if working(date) {
                        left -= 1;
                    }
                }
            }
        }
        let uncovered = consulted.into_iter().filter(|y| !self.covers(*y)).collect();
        Due { date, uncovered }
    }

    /// The number of working days in (from, to]; 0 when `to` is not after `from`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.is_working_day(*d))
            .count()
            .try_into()
            .unwrap_or(u32::MAX)
    }

    /// The calendar (or one year of it) in the format of the data file.
    pub fn to_toml(&self, year: Option<i32>) -> String {
        let mut out = String::from(
            "# Working-day calendar: the days that differ from the Monday-to-Friday rule.\n\
             # `off`: days off (public holidays and the days off around them).\n\
             # `work`: weekend days that are make-up working days (调休).\n\
             # A year that is not listed is not covered: only weekends count as days off.\n",
        );
        for (y, data) in &self.years {
            if year.is_some_and(|wanted| wanted != *y) {
                continue;
            }
            out.push_str(&format!("\n[years.{y}]\n"));
            write_dates(&mut out, "off", &data.off);
            write_dates(&mut out, "work", &data.work);
        }
        out
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn write_dates(out: &mut String, key: &str, dates: &BTreeSet<NaiveDate>) {
    if dates.is_empty() {
        out.push_str(&format!("{key} = []\n"));
        return;
    }
    out.push_str(&format!("{key} = [\n"));
    for d in dates {
        out.push_str(&format!("  {},  # {}\n", d.format("%Y-%m-%d"), d.weekday()));
    }
    out.push_str("]\n");
}

fn parse_year_key(key: &str) -> Option<i32> {
    if key.len() == 4 && key.bytes().all(|b| b.is_ascii_digit()) {
        key.parse().ok()
    } else {
        None
    }
}

/// One `[years.YYYY]` table: `off` and `work` arrays of dates in that year.
fn parse_year(text: &str, year: i32, value: &Spanned<DeValue<'_>>) -> Result<Year, CalendarError> {
    let Some(table) = value.get_ref().as_table() else {
        let msg = format!("years.{year} must be a table with `off` and `work` lists of dates");
        return Err(CalendarError::at(text, value.span(), msg));
    };
    let mut parsed = Year::default();
    // Make-up days are checked once both lists are known.
    let mut work_spans = Vec::new();
    for (key, list) in table.iter() {
        let is_work = match key.get_ref().as_ref() {
            "off" => false,
            "work" => true,
            other => {
                let msg =
                    format!("unknown key `{other}` in years.{year}; expected `off` or `work`");
                return Err(CalendarError::at(text, key.span(), msg));
            }
        };
        let Some(items) = list.get_ref().as_array() else {
            let msg = format!(
                "`{}` must be a list of dates, such as [{year}-10-01]",
                key.get_ref()
            );
            return Err(CalendarError::at(text, list.span(), msg));
        };
        for item in items.iter() {
            let date = local_date(item.get_ref()).ok_or_else(|| {
                let msg = format!("expected a date such as {year}-10-01");
                CalendarError::at(text, item.span(), msg)
            })?;
            if date.year() != year {
                let msg = format!("{date} is not in {year}");
                return Err(CalendarError::at(text, item.span(), msg));
            }
            if is_work {
                parsed.work.insert(date);
                work_spans.push((date, item.span()));
            } else {
                parsed.off.insert(date);
            }
        }
    }
    for (date, span) in work_spans {
        if parsed.off.contains(&date) {
            let msg = format!("{date} is listed both as a day off and as a working day");
            return Err(CalendarError::at(text, span, msg));
        }
        if !is_weekend(date) {
            let msg = format!(
                "{date} is a {}: make-up working days are Saturdays or Sundays",
                date.format("%A")
            );
            return Err(CalendarError::at(text, span, msg));
        }
    }
    // A year without its public holidays is not a calendar: the fixed
    // statutory days off (New Year's Day, Labour Day, National Day) are
    // days off in every year's notice, whatever weekday they fall on.
    let required = [(1, 1), (5, 1), (10, 1), (10, 2), (10, 3)];
    let missing: Vec<String> = required
        .iter()
        .filter_map(|&(m, d)| NaiveDate::from_ymd_opt(year, m, d))
        .filter(|date| !parsed.off.contains(date))
        .map(|date| date.to_string())
        .collect();
    if !missing.is_empty() {
        let msg = format!(
            "years.{year} does not list its public holidays as days off (missing {}): copy the year's schedule from the State Council's notice (see docs/deadlines.md)",
            missing.join(", ")
        );
        return Err(CalendarError::at(text, value.span(), msg));
    }
    Ok(parsed)
}

/// A TOML local date (no time, no offset).
fn local_date(value: &DeValue<'_>) -> Option<NaiveDate> {
    let dt = value.as_datetime()?;
    if dt.time.is_some() || dt.offset.is_some() {
        return None;
    }
    let d = dt.date?;
    NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn err(text: &str) -> CalendarError {
        Calendar::parse(text).unwrap_err()
    }

    #[test]
    fn builtin_covers_2024_to_2026() {
        let cal = Calendar::builtin();
        assert_eq!(cal.years(), vec![2024, 2025, 2026]);
        assert!(cal.covers(2026));
        assert!(!cal.covers(2027));
    }

    #[test]
    fn working_days_follow_the_schedule() {
        let cal = Calendar::builtin();
        assert!(cal.is_working_day(d("2026-09-28"))); // Monday
        assert!(!cal.is_working_day(d("2026-10-05"))); // National Day, a Monday
        assert!(!cal.is_working_day(d("2026-09-26"))); // Saturday, Mid-Autumn
        assert!(cal.is_working_day(d("2026-10-10"))); // Saturday, make-up day
        assert!(cal.is_working_day(d("2026-01-04"))); // Sunday, make-up day
        assert!(!cal.is_working_day(d("2026-10-11"))); // plain Sunday
        // Uncovered year: weekends only.
        assert!(cal.is_working_day(d("2031-10-01")));
        assert!(!cal.is_working_day(d("2031-10-04")));
    }

    #[test]
    fn calendar_days_move_past_national_day() {
        let cal = Calendar::builtin();
        let due = cal.due_date(d("2026-09-28"), 7, Counting::CalendarDays);
        assert_eq!(due.date, d("2026-10-08"));
        assert!(due.uncovered.is_empty());
    }

    #[test]
    fn working_days_skip_holidays_and_count_make_up_days() {
        let cal = Calendar::builtin();
        // 09-29, 09-30, 10-08, 10-09, 10-10 (Saturday make-up), 10-12, 10-13.
        let due = cal.due_date(d("2026-09-28"), 7, Counting::WorkingDays);
        assert_eq!(due.date, d("2026-10-13"));
        assert_eq!(
            cal.working_days_between(d("2026-09-28"), d("2026-10-13")),
            7
        );
    }

    #[test]
    fn zero_days_is_the_start_itself() {
        let cal = Calendar::builtin();
        let holiday = d("2026-10-03");
        for counting in Counting::ALL {
            assert_eq!(cal.due_date(holiday, 0, *counting).date, holiday);
        }
    }

    #[test]
    fn a_due_date_can_land_on_a_make_up_day() {
        let cal = Calendar::builtin();
        let saturday = d("2026-10-10");
        assert_eq!(
            cal.due_date(d("2026-10-03"), 7, Counting::CalendarDays)
                .date,
            saturday
        );
        assert_eq!(
            cal.due_date(d("2026-10-09"), 1, Counting::WorkingDays).date,
            saturday
        );
    }

    #[test]
    fn uncovered_years_are_reported() {
        let cal = Calendar::builtin();
        // Friday + 1 calendar day = Saturday, moved to Monday.
        let due = cal.due_date(d("2031-01-03"), 1, Counting::CalendarDays);
        assert_eq!(due.date, d("2031-01-06"));
        assert_eq!(due.uncovered, vec![2031]);
        let due = cal.due_date(d("2026-12-28"), 10, Counting::WorkingDays);
        assert_eq!(due.date, d("2027-01-11"));
        assert_eq!(due.uncovered, vec![2027]);
    }

    #[test]
    fn working_days_between_is_half_open() {
        let cal = Calendar::builtin();
        assert_eq!(
            cal.working_days_between(d("2026-03-02"), d("2026-03-09")),
            5
        );
        assert_eq!(
            cal.working_days_between(d("2026-03-09"), d("2026-03-02")),
            0
        );
        assert_eq!(
            cal.working_days_between(d("2026-03-02"), d("2026-03-02")),
            0
        );
    }

    #[test]
    fn to_toml_round_trips() {
        let cal = Calendar::builtin();
        let text = cal.to_toml(None);
        assert!(text.contains("  2026-10-05,  # Mon\n"), "{text}");
        assert_eq!(Calendar::parse(&text).unwrap(), cal);

        let one = Calendar::parse(&cal.to_toml(Some(2025))).unwrap();
        assert_eq!(one.years(), vec![2025]);
        assert_eq!(one.year(2025), cal.year(2025));
    }

    /// The fixed public holidays of a year, as a `[years.Y]` table.
    fn minimal_year(y: i32) -> String {
        format!("[years.{y}]\noff = [{y}-01-01, {y}-05-01, {y}-10-01, {y}-10-02, {y}-10-03]\n")
    }

    #[test]
    fn a_year_without_its_public_holidays_is_refused() {
        let e = err("[years.2027]\n");
        assert!(
            e.message.contains("does not list its public holidays")
                && e.message.contains("2027-01-01"),
            "{e:?}"
        );
        assert_eq!(e.line, Some(1));
        let e = err("[years.2027]\noff = [2027-01-01, 2027-05-01]\n");
        assert!(
            e.message
                .contains("missing 2027-10-01, 2027-10-02, 2027-10-03"),
            "{e:?}"
        );
        assert!(Calendar::parse(&minimal_year(2027)).is_ok());
    }

    #[test]
    fn in_december_next_year_is_missing_until_imported() {
        let cal = Calendar::builtin();
        assert_eq!(cal.next_year_missing(d("2026-12-01")), Some(2027));
        assert_eq!(cal.next_year_missing(d("2026-11-30")), None);
        assert_eq!(cal.next_year_missing(d("2025-12-01")), None);
        let mut cal = cal;
        cal.merge(Calendar::parse(&minimal_year(2027)).unwrap());
        assert_eq!(cal.next_year_missing(d("2026-12-01")), None);
    }

    #[test]
    fn merge_adds_and_replaces_whole_years() {
        let mut cal = Calendar::builtin();
        let update =
            Calendar::parse(&format!("{}{}", minimal_year(2026), minimal_year(2027))).unwrap();
        assert_eq!(cal.merge(update), vec![2026, 2027]);
        assert_eq!(cal.years(), vec![2024, 2025, 2026, 2027]);
        assert!(cal.is_working_day(d("2026-10-05")));
        assert!(!cal.is_working_day(d("2027-01-01")));
    }

    #[test]
    fn survives_bincode() {
        let cal = Calendar::builtin();
        let config = bincode::config::standard();
        let bytes = bincode::serde::encode_to_vec(&cal, config).unwrap();
        let (back, _): (Calendar, usize) =
            bincode::serde::decode_from_slice(&bytes, config).unwrap();
        assert_eq!(back, cal);
    }

    #[test]
    fn parse_errors_have_positions() {
        let e = err("[years.2026]\noff = [\n  2026-01-01,\n  2026-02-30,\n]\n");
        assert_eq!((e.line, e.column), (Some(4), Some(3)));
        assert!(e.message.starts_with("2026-02-30 is not a date"), "{e}");
        assert!(
            e.to_string()
                .starts_with("line 4, column 3: 2026-02-30 is not a date")
        );

        let e = err("[years.2026]\noff = [2025-12-31]\n");
        assert_eq!((e.line, e.column), (Some(2), Some(8)));
        assert_eq!(e.message, "2025-12-31 is not in 2026");

        let e = err("[years.2026]\noff = [2026-10-10]\nwork = [2026-10-10]\n");
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("both"), "{e}");

        let e = err("[years.2026]\nwork = [\n  2026-10-09,\n]\n");
        assert_eq!((e.line, e.column), (Some(3), Some(3)));
        assert!(e.message.contains("Friday"), "{e}");

        let e = err("# header\n[years.26]\noff = []\n");
        assert_eq!((e.line, e.column), (Some(2), Some(8)));
        assert!(e.message.contains("not a year"), "{e}");

        let e = err("[years.2026]\noff = []\nholidays = []\n");
        assert_eq!((e.line, e.column), (Some(3), Some(1)));
        assert!(e.message.contains("unknown key `holidays`"), "{e}");

        let e = err("version = 1\n");
        assert_eq!(e.line, Some(1));

        let e = err("[years.2026]\noff = [\"2026-10-01\"]\n");
        assert_eq!((e.line, e.column), (Some(2), Some(8)));

        let e = err("[years.2026]\noff = [2026-10-01T09:00:00]\n");
        assert_eq!(e.line, Some(2));

        let e = err("[years.2026]\noff = [2026-10-01\n");
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(line_column("# 调休\nx", 9), (2, 1));
        assert_eq!(line_column("# 调休", 5), (1, 4));
        assert_eq!(line_column("ab", 99), (1, 3));
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        // 2023 to 2032: covered and uncovered years on both sides.
        (0u64..3650).prop_map(|n| d("2023-01-01") + Days::new(n))
    }

    fn any_counting() -> impl Strategy<Value = Counting> {
        prop_oneof![Just(Counting::CalendarDays), Just(Counting::WorkingDays)]
    }

    proptest! {
        #[test]
        fn due_is_never_before_start(start in any_date(), days in 0u32..400, counting in any_counting()) {
            let due = Calendar::builtin().due_date(start, days, counting);
            prop_assert!(due.date >= start);
        }

        #[test]
        fn calendar_days_land_on_a_working_day(start in any_date(), days in 1u32..400) {
            let cal = Calendar::builtin();
            let due = cal.due_date(start, days, Counting::CalendarDays);
            prop_assert!(cal.is_working_day(due.date));
            prop_assert!(due.date >= start + Days::new(days.into()));
        }

        #[test]
        fn working_days_count_exactly(start in any_date(), days in 0u32..400) {
            let cal = Calendar::builtin();
            let due = cal.due_date(start, days, Counting::WorkingDays);
            prop_assert_eq!(cal.working_days_between(start, due.date), days);
            prop_assert!(days == 0 || cal.is_working_day(due.date));
        }

        #[test]
        fn uncovered_lists_only_uncovered_years(start in any_date(), days in 1u32..400, counting in any_counting()) {
            let cal = Calendar::builtin();
            let due = cal.due_date(start, days, counting);
            prop_assert!(due.uncovered.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(due.uncovered.iter().all(|y| !cal.covers(*y)));
            if !cal.covers(due.date.year()) {
                prop_assert!(due.uncovered.contains(&due.date.year()));
            }
        }
    }
}
