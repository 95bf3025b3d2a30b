//! Correcting a field of a case: through the interchange record, so that a
//! corrected case passes exactly the validation an imported one does, and
//! the history can say what changed from what to what.

use chrono::NaiveDate;
use serde_json::Value;

use super::case::Case;
use super::event::Change;
use super::record::CaseRecord;
use super::refusal::{Coded, Refusal, Table, Why};

/// Fields that are not corrected at all: the number never changes, and the
/// status moves only by the steps of the procedure.
const FIXED: &[&str] = &["case_no", "status", "history", "flags"];

/// Fields a step of the procedure records, with the step that does: a
/// correction would change them without the step's rules and reasons (a
/// provider replaced without the reason Law Art. 55 asks for) and leave
/// the record disagreeing with its own history.
const STEP_OWNED: &[(&str, &str)] = &[
    ("provider", "how_reassign"),
    ("assigned", "how_reassign"),
    ("decided", "how_decision"),
    ("review", "how_decision"),
    ("documents_requested", "how_documents"),
    ("documents_due", "how_documents"),
    ("documents_received", "how_documents"),
    ("agreement_signed", "how_handling"),
    ("concluded", "how_handling"),
    ("outcome", "how_handling"),
    ("closing_reason", "how_handling"),
    ("file_submitted", "how_handling"),
    ("file_reviewed", "how_handling"),
    ("archived", "how_handling"),
    ("handling", "how_handling"),
    ("objection_filed", "how_objection"),
    ("objection_decided", "how_objection"),
    ("deadlines", "how_deadline"),
    ("notes", "how_note"),
];

/// The step that records `field` (a record path), if a step does.
pub fn owned_by_step(field: &str) -> Option<&'static str> {
    let top = field.split('.').next().unwrap_or(field);
    STEP_OWNED
        .iter()
        .find(|(f, _)| *f == top)
        .map(|(_, how)| *how)
}

/// Sets `field` (a record path such as `applicant.phone`) to `value` (JSON
/// text, or plain text for a string field; empty clears an optional
/// field). Returns the corrected case and the change for the history.
pub fn correct(
    case: &Case,
    field: &str,
    value: &str,
    today: NaiveDate,
) -> Result<(Case, Change), Refusal> {
    let refused = |why: Why| Refusal::from(why);
    let named = || field.to_string();
    if FIXED.contains(&field) {
        return Err(refused(Why::FieldNotCorrected { field: named() }));
    }
    if let Some(how) = owned_by_step(field) {
        return Err(refused(Why::FieldOwnedByStep {
            field: named(),
            how: Coded::new(Table::Word, how),
        }));
    }
    let invalid = |problem: String| {
        refused(Why::InvalidValue {
            field: named(),
            problem,
        })
    };
    let mut record =
        serde_json::to_value(CaseRecord::from_case(case)).map_err(|e| invalid(e.to_string()))?;
    let slot = slot(&mut record, field)?;
    let from = slot.take();
    *slot = if BOOLEANS.contains(&field) {
        parse_bool(field, value)?
    } else {
        parse_value(value)
    };
    if BOOLEANS.contains(&field) && from.is_null() && *slot == Value::Bool(false) {
        // An unset flag reads as false.
        return Err(refused(Why::AlreadyFalse { field: named() }));
    }
    let to = slot.clone();
    if from == to {
        return Err(refused(Why::AlreadyValue {
            field: named(),
            value: shown(&to).unwrap_or_default(),
        }));
    }
    let record: CaseRecord = serde_json::from_value(record).map_err(|e| invalid(e.to_string()))?;
    let valid = record.validate(today).map_err(|errs| {
        invalid(
            errs.iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let mut fixed = valid.case;
    // What the record does not carry stays as it was.
    fixed.no = case.no;
    fixed.revision = case.revision;
    fixed.status = case.status;
    fixed.flags = case.flags.clone();
    fixed.notes = case.notes.clone();
    Ok((
        fixed,
        Change::Updated {
            field: field.to_string(),
            from: shown(&from),
            to: shown(&to),
        },
    ))
}

/// The JSON slot of a dotted path, created when missing (an optional field).
fn slot<'v>(record: &'v mut Value, field: &str) -> Result<&'v mut Value, Refusal> {
    let mut at = record;
    for part in field.split('.') {
        let Value::Object(map) = at else {
            return Err(Why::NotAField {
                field: field.to_string(),
            }
            .into());
        };
        at = map.entry(part.to_string()).or_insert(Value::Null);
    }
    Ok(at)
}

/// Yes-or-no fields of a record.
const BOOLEANS: &[&str] = &["serious"];

/// true or false, also as yes/no or 是/否.
fn parse_bool(field: &str, value: &str) -> Result<Value, Refusal> {
    match value.trim().to_lowercase().as_str() {
        "true" | "yes" | "y" | "1" | "是" => Ok(Value::Bool(true)),
        "false" | "no" | "n" | "0" | "否" | "" => Ok(Value::Bool(false)),
        other => Err(Why::NotTrueFalse {
            field: field.to_string(),
            value: other.to_string(),
        }
        .into()),
    }
}

/// JSON when it is a JSON array or object (groups, deadlines), else the
/// text itself (every other field of a record is text).
fn parse_value(value: &str) -> Value {
    let v = value.trim();
    if v.is_empty() {
        return Value::Null;
    }
    match serde_json::from_str::<Value>(v) {
        Ok(parsed @ (Value::Array(_) | Value::Object(_))) => parsed,
        _ => Value::String(v.to_string()),
    }
}

fn shown(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case() -> Case {
        let line = r#"{"case_no":"2026-0003","received":"2026-11-02","kind":"civil","matter":"wages","channel":"walk_in","applicant":{"name":"张三","phone":"13800000000"}}"#;
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let mut c = serde_json::from_str::<CaseRecord>(line)
            .unwrap()
            .validate(today)
            .unwrap()
            .case;
        c.revision = 4;
        c
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    #[test]
    fn a_field_is_corrected_with_from_and_to() {
        let (fixed, change) = correct(&case(), "applicant.phone", "13912345678", today()).unwrap();
        assert_eq!(fixed.applicant.phone.as_deref(), Some("13912345678"));
        assert_eq!(fixed.revision, 4);
        assert_eq!(
            change,
            Change::Updated {
                field: "applicant.phone".into(),
                from: Some("13800000000".into()),
                to: Some("13912345678".into()),
            }
        );
    }

    fn refused(field: &str, value: &str) -> String {
        let r = correct(&case(), field, value, today()).unwrap_err();
        crate::i18n::Lang::En.refusal(&r)
    }

    #[test]
    fn a_field_a_step_records_is_not_corrected() {
        for field in [
            "provider",
            "assigned",
            "concluded",
            "review.household_size",
            "notes",
        ] {
            let err = refused(field, "P-0018");
            assert!(
                err.contains("set by a step of the procedure"),
                "{field}: {err}"
            );
        }
        assert!(refused("provider", "P-0018").contains("Art. 55"));
    }

    #[test]
    fn a_correction_is_validated_like_an_import() {
        let err = correct(
            &case(),
            "applicant.id_number",
            "110105194912310021",
            today(),
        )
        .unwrap_err();
        let err = crate::i18n::Lang::En.refusal(&err);
        assert!(err.contains("check character"), "{err}");
        let err = refused("matter", "defense");
        assert!(err.contains("not a matter of kind"), "{err}");
        let (fixed, _) = correct(
            &case(),
            "applicant.groups",
            r#"["migrant_worker"]"#,
            today(),
        )
        .unwrap();
        assert_eq!(fixed.applicant.groups.len(), 1);
        let (fixed, _) = correct(&case(), "adverse_party", "株洲市某公司", today()).unwrap();
        assert_eq!(fixed.adverse_party.as_deref(), Some("株洲市某公司"));
        let (fixed, _) = correct(&fixed, "adverse_party", "", today()).unwrap();
        assert_eq!(fixed.adverse_party, None);
    }

    #[test]
    fn the_number_and_status_are_not_corrected() {
        assert!(correct(&case(), "case_no", "2026-0009", today()).is_err());
        assert!(correct(&case(), "status", "granted", today()).is_err());
        assert!(correct(&case(), "nonsense", "x", today()).is_err());
    }
}
