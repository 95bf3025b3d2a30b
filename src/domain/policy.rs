//! The center's deadline policy: the numbers of days the law and local
//! practice give for each step, and how they are counted. Several of them
//! are not settled law (see docs/domain.md), so every one is configurable.

use std::fmt;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use toml::{Spanned, Value};

use super::calendar::{Counting, line_column, write_position};
use super::codes::or_list;

/// Stored with bincode (not self-describing): every field is always present.
/// Defaults and validation of the TOML form live in `PolicyFile`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Review decision (Legal Aid Law Art. 43).
    pub review_days: u32,
    /// Assignment after the grant decision (Law Art. 43; MOJ rules 2023 Art. 24).
    pub assign_after_grant_days: u32,
    /// Assignment after a notification (Law Art. 36).
    pub assign_on_notice_days: u32,
    /// Agreement signed after assignment (MOJ rules 2023 Art. 27).
    pub agreement_days: u32,
    /// Objection decided (Law Art. 49).
    pub objection_days: u32,
    /// Case file submitted after conclusion (local practice).
    pub case_file_days: u32,
    /// File reviewed and subsidy paid after submission (local practice).
    pub file_review_days: u32,
    /// Emergency threshold for a matter deadline (Law Art. 44).
    pub emergency_days: u32,
    /// How far ahead the login check warns.
    pub warning_days: u32,
    pub counting: Counting,
    /// true: time waiting for the applicant's documents is not counted.
    pub clock_stop: bool,
}

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            review_days: 7,
            assign_after_grant_days: 3,
            assign_on_notice_days: 3,
            agreement_days: 5,
            objection_days: 5,
            case_file_days: 30,
            file_review_days: 30,
            emergency_days: 7,
            warning_days: 3,
            counting: Counting::CalendarDays,
            clock_stop: true,
        }
    }
}

/// The largest number of days any key accepts.
pub const MAX_DAYS: u32 = 365;

/// A policy file that could not be read. Line and column are 1-based.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct PolicyError {
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What would be accepted there, when that can be said.
    pub allowed: Option<String>,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_position(f, self.line, self.column)?;
        f.write_str(&self.message)?;
        if let Some(allowed) = &self.allowed {
            write!(f, "; allowed: {allowed}")?;
        }
        Ok(())
    }
}

impl PolicyError {
    fn at(
        text: &str,
        span: Option<Range<usize>>,
        message: String,
        allowed: Option<String>,
    ) -> Self {
        let (line, column) = match span {
            Some(span) => {
                let (l, c) = line_column(text, span.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        PolicyError {
            line,
            column,
            message,
            allowed,
        }
    }
}

/// The keys of the file, in the order `to_toml` writes them.
const KEYS: [&str; 11] = [
    "review_days",
    "assign_after_grant_days",
    "assign_on_notice_days",
    "agreement_days",
    "objection_days",
    "case_file_days",
    "file_review_days",
    "emergency_days",
    "warning_days",
    "counting",
    "clock_stop",
];

/// The TOML form: every key optional, values checked by hand so that an
/// error can name the key and what it accepts.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    review_days: Option<Spanned<Value>>,
    assign_after_grant_days: Option<Spanned<Value>>,
    assign_on_notice_days: Option<Spanned<Value>>,
    agreement_days: Option<Spanned<Value>>,
    objection_days: Option<Spanned<Value>>,
    case_file_days: Option<Spanned<Value>>,
    file_review_days: Option<Spanned<Value>>,
    emergency_days: Option<Spanned<Value>>,
    warning_days: Option<Spanned<Value>>,
    counting: Option<Spanned<Value>>,
    clock_stop: Option<Spanned<Value>>,
}

impl Policy {
    /// The policy as a commented TOML file, readable by [`Policy::from_toml`].
    pub fn to_toml(&self) -> String {
        let days = |n: u32| n.to_string();
        let entries: [(&str, &str, String); 11] = [
            (
                KEYS[0],
                "Days to decide on an application (Legal Aid Law Art. 43; MOJ rules 2023).",
                days(self.review_days),
            ),
            (
                KEYS[1],
                "Days to assign a provider after the grant decision (Legal Aid Law Art. 43; MOJ rules 2023 Art. 24).",
                days(self.assign_after_grant_days),
            ),
            (
                KEYS[2],
                "Days to assign a provider after a notification from a court, procuratorate or police (Legal Aid Law Art. 36).",
                days(self.assign_on_notice_days),
            ),
            (
                KEYS[3],
                "Days for the provider to sign the agreement after assignment (MOJ rules 2023 Art. 27).",
                days(self.agreement_days),
            ),
            (
                KEYS[4],
                "Days for the justice bureau to decide an objection (Legal Aid Law Art. 49).",
                days(self.objection_days),
            ),
            (
                KEYS[5],
                "Days for the provider to submit the case file after conclusion (MOJ rules 2012; local practice).",
                days(self.case_file_days),
            ),
            (
                KEYS[6],
                "Days to review a submitted file and pay the subsidy (local practice).",
                days(self.file_review_days),
            ),
            (
                KEYS[7],
                "Emergency aid (先行提供) when a matter deadline is fewer than this many days away (Legal Aid Law Art. 44).",
                days(self.emergency_days),
            ),
            (
                KEYS[8],
                "Days ahead that the login check warns of a deadline (the center's choice).",
                days(self.warning_days),
            ),
            (
                KEYS[9],
                "How days are counted: \"calendar_days\" (start day not counted, a last day off moves to the next working day; Civil Procedure Law Art. 85) or \"working_days\" (MOJ rules 2012 counted the review in working days).",
                format!("\"{}\"", self.counting.code()),
            ),
            (
                KEYS[10],
                "true: time the applicant takes to supply missing documents is not counted in the review (MOJ rules 2012 Art. 13; unconfirmed for 2023).",
                self.clock_stop.to_string(),
            ),
        ];
        let mut out = format!(
            "# docket: the center's deadline policy.\n\
             # Every key is optional: a missing key takes its default.\n\
             # Days are whole numbers from 0 to {MAX_DAYS}, counted as `counting` says.\n"
        );
        for (key, comment, value) in entries {
            out.push_str(&format!("\n# {comment}\n{key} = {value}\n"));
        }
        out
    }

    /// Reads a policy file: missing keys take the default, unknown keys and
    /// out-of-range values are errors.
    pub fn from_toml(text: &str) -> Result<Policy, PolicyError> {
        let file: PolicyFile = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        let d = Policy::default();
        let days = |v: &Option<Spanned<Value>>, key: &str, min: u32, default: u32| {
            read_days(text, v, key, min, default)
        };
        Ok(Policy {
            review_days: days(&file.review_days, "review_days", 1, d.review_days)?,
            assign_after_grant_days: days(
                &file.assign_after_grant_days,
                "assign_after_grant_days",
                0,
                d.assign_after_grant_days,
            )?,
            assign_on_notice_days: days(
                &file.assign_on_notice_days,
                "assign_on_notice_days",
                0,
                d.assign_on_notice_days,
            )?,
            agreement_days: days(&file.agreement_days, "agreement_days", 0, d.agreement_days)?,
            objection_days: days(&file.objection_days, "objection_days", 0, d.objection_days)?,
            case_file_days: days(&file.case_file_days, "case_file_days", 0, d.case_file_days)?,
            file_review_days: days(
                &file.file_review_days,
                "file_review_days",
                0,
                d.file_review_days,
            )?,
            emergency_days: days(&file.emergency_days, "emergency_days", 0, d.emergency_days)?,
            warning_days: days(&file.warning_days, "warning_days", 0, d.warning_days)?,
            counting: read_counting(text, &file.counting, d.counting)?,
            clock_stop: read_bool(text, &file.clock_stop, "clock_stop", d.clock_stop)?,
        })
    }
}

fn toml_error(text: &str, err: &toml::de::Error) -> PolicyError {
    let span = err.span();
    if err.message().starts_with("unknown field") {
        let key = span.clone().and_then(|s| text.get(s)).unwrap_or("?");
        let allowed = or_list(&KEYS);
        return PolicyError::at(text, span, format!("unknown key `{key}`"), Some(allowed));
    }
    PolicyError::at(text, span, err.message().to_string(), None)
}

fn read_days(
    text: &str,
    value: &Option<Spanned<Value>>,
    key: &str,
    min: u32,
    default: u32,
) -> Result<u32, PolicyError> {
    let Some(value) = value else {
        return Ok(default);
    };
    let allowed = format!("a whole number of days from {min} to {MAX_DAYS}");
    let message = match value.get_ref() {
        Value::Integer(n) => match u32::try_from(*n) {
            Ok(n) if (min..=MAX_DAYS).contains(&n) => return Ok(n),
            _ => format!("`{key}` is {n}, out of range"),
        },
        other => format!("`{key}` must be a number, not {}", describe(other)),
    };
    Err(PolicyError::at(
        text,
        Some(value.span()),
        message,
        Some(allowed),
    ))
}

fn read_counting(
    text: &str,
    value: &Option<Spanned<Value>>,
    default: Counting,
) -> Result<Counting, PolicyError> {
    let Some(value) = value else {
        return Ok(default);
    };
    let codes: Vec<String> = Counting::ALL
        .iter()
        .map(|c| format!("\"{}\"", c.code()))
        .collect();
    let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
    let message = match value.get_ref() {
        Value::String(s) => match Counting::from_code(s) {
            Some(c) => return Ok(c),
            None => format!("`counting` is \"{s}\", which is not a way of counting"),
        },
        other => format!("`counting` must be a string, not {}", describe(other)),
    };
    Err(PolicyError::at(
        text,
        Some(value.span()),
        message,
        Some(or_list(&codes)),
    ))
}

fn read_bool(
    text: &str,
    value: &Option<Spanned<Value>>,
    key: &str,
    default: bool,
) -> Result<bool, PolicyError> {
    match value {
        None => Ok(default),
        Some(v) => match v.get_ref() {
            Value::Boolean(b) => Ok(*b),
            other => Err(PolicyError::at(
                text,
                Some(v.span()),
                format!("`{key}` must be true or false, not {}", describe(other)),
                Some("true or false".into()),
            )),
        },
    }
}

/// "a string (\"x\")", "a list", ... for error messages.
fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => format!("a string (\"{s}\")"),
        Value::Integer(n) => format!("the number {n}"),
        Value::Float(x) => format!("the number {x}"),
        Value::Boolean(b) => format!("{b}"),
        Value::Datetime(d) => format!("the date {d}"),
        Value::Array(_) => "a list".into(),
        Value::Table(_) => "a table".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> PolicyError {
        Policy::from_toml(text).unwrap_err()
    }

    #[test]
    fn defaults_round_trip() {
        let p = Policy::default();
        let text = p.to_toml();
        assert!(text.contains("# Days to decide on an application (Legal Aid Law Art. 43"));
        assert!(text.contains("review_days = 7\n"));
        assert_eq!(Policy::from_toml(&text).unwrap(), p);
    }

    #[test]
    fn changed_values_round_trip() {
        let p = Policy {
            review_days: 10,
            counting: Counting::WorkingDays,
            clock_stop: false,
            case_file_days: 0,
            ..Policy::default()
        };
        assert_eq!(Policy::from_toml(&p.to_toml()).unwrap(), p);
    }

    #[test]
    fn missing_keys_take_defaults() {
        assert_eq!(Policy::from_toml("").unwrap(), Policy::default());
        let p = Policy::from_toml("# local rule\nreview_days = 5\ncounting = \"working_days\"\n")
            .unwrap();
        assert_eq!(p.review_days, 5);
        assert_eq!(p.counting, Counting::WorkingDays);
        assert_eq!(p.agreement_days, 5);
    }

    #[test]
    fn unknown_key_is_an_error_with_its_line() {
        let e = err("review_days = 7\nreveiw_days = 7\n");
        assert_eq!((e.line, e.column), (Some(2), Some(1)));
        assert_eq!(e.message, "unknown key `reveiw_days`");
        assert!(
            e.to_string()
                .starts_with("line 2, column 1: unknown key `reveiw_days`; allowed: review_days, ")
        );
    }

    #[test]
    fn bad_days_are_errors_with_the_range() {
        let e = err("\nreview_days = -3\n");
        assert_eq!((e.line, e.column), (Some(2), Some(15)));
        assert_eq!(
            e.to_string(),
            "line 2, column 15: `review_days` is -3, out of range; allowed: a whole number of days from 1 to 365"
        );
        let e = err("review_days = \"x\"\n");
        assert_eq!(e.line, Some(1));
        assert!(
            e.to_string()
                .contains("allowed: a whole number of days from 1 to 365"),
            "{e}"
        );
        let e = err("review_days = 0\n");
        assert!(e.to_string().contains("from 1 to 365"), "{e}");
        let e = err("case_file_days = 366\n");
        assert!(e.to_string().contains("from 0 to 365"), "{e}");
        let e = err("warning_days = 3.5\n");
        assert!(e.message.contains("3.5"), "{e}");
        assert_eq!(
            Policy::from_toml("case_file_days = 0")
                .unwrap()
                .case_file_days,
            0
        );
    }

    #[test]
    fn counting_names_the_allowed_values() {
        let e = err("counting = \"weekly\"\n");
        assert_eq!((e.line, e.column), (Some(1), Some(12)));
        assert_eq!(
            e.allowed.as_deref(),
            Some("\"calendar_days\" or \"working_days\"")
        );
        assert!(e.to_string().contains("\"weekly\""), "{e}");
    }

    #[test]
    fn clock_stop_must_be_a_bool() {
        let e = err("clock_stop = \"yes\"\n");
        assert_eq!(e.allowed.as_deref(), Some("true or false"));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = err("review_days = 7\nwarning_days =\n");
        assert_eq!(e.line, Some(2));
    }

    #[test]
    fn survives_bincode() {
        let p = Policy {
            counting: Counting::WorkingDays,
            ..Policy::default()
        };
        let config = bincode::config::standard();
        let bytes = bincode::serde::encode_to_vec(&p, config).unwrap();
        let (back, _): (Policy, usize) = bincode::serde::decode_from_slice(&bytes, config).unwrap();
        assert_eq!(back, p);
    }
}
