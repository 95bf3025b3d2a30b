//! The center's policy: the numbers of days the law and local practice give
//! for each step and how they are counted, the center's area, the economic
//! hardship standards, the matters the province adds, the documents an
//! application needs and the handling subsidies. Several of them are not
//! settled law or are set by each province (see docs/domain.md), so every
//! one is configurable.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use toml::{Spanned, Value};

use super::areas;
use super::calendar::{Counting, line_column, write_position};
use super::codes::{Kind, or_list};
pub use super::funds::{ClassRate, RateTable};
pub use super::quality::QualityPolicy;

mod rates;
use super::text;
use rates::{QualityFile, RatesFile, quality_toml, rates_toml, read_quality, read_rates};

/// Stored with bincode (not self-describing): every field is always present.
/// Defaults and validation of the TOML form live in `PolicyFile`.
///
/// Layout history: v1 ended at `clock_stop`; the fields after it were
/// appended in v2 (the store decodes a v1 policy and fills them with the
/// defaults).
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
    /// The center's area: 6-digit area codes (GB/T 2260), at least one.
    pub area_codes: Vec<String>,
    /// Economic hardship standards (Law Art. 34), sorted by effective date.
    pub hardship_standards: Vec<HardshipStandard>,
    /// Matters the province adds to the scope (Law Art. 31), as free text.
    pub extra_matters: Vec<String>,
    /// The documents an application needs, per kind of case (one entry per kind).
    pub required_documents: Vec<RequiredDocuments>,
    /// Days the applicant is given to supply missing documents: the date a
    /// supplement notice proposes (Law Art. 43).
    pub supplement_days: u32,
    /// Whether a decision's proposer may approve it too: a center of one
    /// person. Off by default: the proposer never approves their own
    /// proposal (separation of duties).
    pub self_approval: bool,
    /// The center's name, as reports and documents give it.
    pub center_name: String,
    /// The plan's target of cases a year (the originating plan: 120).
    pub cases_per_year: u32,
    /// The plan's target share, in percent, of non-criminal cases applied
    /// for through a workstation (the originating plan: 40).
    pub workstation_share_percent: u32,
    /// The month a half-year report starts: 1 (Jan–Jun, Jul–Dec) or a
    /// provincial cut-off such as 12 (Dec–May, Jun–Nov).
    pub half_year_from: u32,
    /// The handling subsidy rates (办案补贴标准), each from its effective
    /// date, sorted by it: a case is paid by the table in force on the day
    /// its file was submitted.
    pub subsidy_rates: Vec<RateTable>,
    /// The peer review's share, score sheet and grades.
    pub quality: QualityPolicy,
}

/// An economic hardship standard (经济困难标准) from its effective date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HardshipStandard {
    pub effective: NaiveDate,
    /// Household income per member per month, in yuan, at or below which
    /// an applicant is in economic hardship.
    pub monthly_income_per_member: u32,
}

impl HardshipStandard {
    /// "effective 2024-01-01: 1320 yuan per member per month", as a decision records it.
    pub fn describe(&self) -> String {
        format!(
            "effective {}: {} yuan per member per month",
            self.effective.format("%Y-%m-%d"),
            self.monthly_income_per_member
        )
    }

    /// The standard `describe` wrote (a decision keeps it as text), back
    /// as its date and amount, for the reader's language.
    pub fn from_described(text: &str) -> Option<HardshipStandard> {
        let rest = text.strip_prefix("effective ")?;
        let (date, rest) = rest.split_once(": ")?;
        let amount = rest.strip_suffix(" yuan per member per month")?;
        Some(HardshipStandard {
            effective: NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?,
            monthly_income_per_member: amount.parse().ok()?,
        })
    }
}

/// The documents an application of one kind needs (申请材料).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequiredDocuments {
    pub kind: Kind,
    pub items: Vec<String>,
}

/// The handling subsidy per case of a kind, as policies before the rate
/// tables gave it (a `[subsidy_standards]` table): read into a rate table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubsidyStandard {
    pub kind: Kind,
    /// Yuan per case.
    pub amount: u32,
}

/// A rate table from per-kind amounts (an older policy): each class takes
/// the amount of its kind, the default direct costs first, the rest labour.
pub fn rates_from_kind_amounts(standards: &[SubsidyStandard]) -> RateTable {
    use super::funds::RateClass as C;
    let mut t = RateTable {
        effective: NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN),
        ..RateTable::default()
    };
    for r in &mut t.classes {
        let kind = match r.class {
            C::CriminalInvestigation
            | C::CriminalProsecution
            | C::CriminalTrial
            | C::CriminalSecondInstance => Kind::Criminal,
            C::CivilLitigation => Kind::Civil,
            C::CivilNonLitigation => Kind::NonLitigation,
            C::AdministrativeLitigation | C::AdministrativeNonLitigation => Kind::Administrative,
            C::LaborArbitration => Kind::LaborArbitration,
        };
        if let Some(s) = standards.iter().find(|s| s.kind == kind) {
            r.direct_costs = r.direct_costs.min(s.amount);
            r.labour_fee = s.amount - r.direct_costs;
        }
    }
    t
}

/// Shifeng District, Zhuzhou: the center of the originating plan.
pub const DEFAULT_AREA_CODE: &str = "430204";

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
            area_codes: vec![DEFAULT_AREA_CODE.to_string()],
            hardship_standards: default_hardship_standards(),
            extra_matters: Vec::new(),
            required_documents: default_required_documents(),
            supplement_days: 15,
            self_approval: false,
            center_name: String::new(),
            cases_per_year: 120,
            workstation_share_percent: 40,
            half_year_from: 1,
            subsidy_rates: vec![RateTable::default()],
            quality: QualityPolicy::default(),
        }
    }
}

/// An example standard, not an official figure: 2x a minimum living
/// allowance of 660 yuan.
fn default_hardship_standards() -> Vec<HardshipStandard> {
    vec![HardshipStandard {
        effective: NaiveDate::from_ymd_opt(2024, 1, 1).expect("a real date"), // ok: a constant date
        monthly_income_per_member: 1320,
    }]
}

fn default_documents(kind: Kind) -> Vec<String> {
    let materials = match kind {
        Kind::Criminal => "起诉意见书、起诉书或判决书等案件材料",
        Kind::Civil | Kind::Administrative | Kind::NonLitigation => "案件相关材料",
        Kind::StateCompensation => "国家赔偿请求相关材料（如再审判决书）",
        Kind::LaborArbitration => "劳动关系证明及争议相关材料",
        Kind::Petition => "生效判决书、裁定书及申诉理由",
        Kind::Notarization => "需公证事项的相关材料",
        Kind::Forensic => "需鉴定事项的相关材料",
    };
    ["身份证明", "经济困难状况说明表", materials]
        .into_iter()
        .map(String::from)
        .collect()
}

fn default_required_documents() -> Vec<RequiredDocuments> {
    Kind::ALL
        .iter()
        .map(|&kind| RequiredDocuments {
            kind,
            items: default_documents(kind),
        })
        .collect()
}

impl Policy {
    /// The hardship standard in force on `date`: the latest one effective
    /// on or before it. None when every standard starts later.
    pub fn standard_on(&self, date: NaiveDate) -> Option<&HardshipStandard> {
        self.hardship_standards
            .iter()
            .filter(|s| s.effective <= date)
            .max_by_key(|s| s.effective)
    }

    /// The subsidy rates in force on `date`, if any table starts by then.
    pub fn rates_on(&self, date: NaiveDate) -> Option<&RateTable> {
        super::funds::rates_on(&self.subsidy_rates, date)
    }

    /// The documents an application of `kind` needs (empty when none are listed).
    pub fn documents_for(&self, kind: Kind) -> &[String] {
        self.required_documents
            .iter()
            .find(|d| d.kind == kind)
            .map_or(&[], |d| d.items.as_slice())
    }

    /// Whether `code` (6 digits) is one of the center's area codes.
    pub fn in_area(&self, code: &str) -> bool {
        self.area_codes.iter().any(|c| c == code)
    }
}

/// The largest number of days any key accepts.
pub const MAX_DAYS: u32 = 365;

/// The largest amount in yuan (a standard or a subsidy) the file accepts.
pub const MAX_YUAN: u32 = 1_000_000;

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
const KEYS: [&str; 24] = [
    "review_days",
    "assign_after_grant_days",
    "assign_on_notice_days",
    "agreement_days",
    "objection_days",
    "case_file_days",
    "file_review_days",
    "emergency_days",
    "warning_days",
    "supplement_days",
    "counting",
    "clock_stop",
    "self_approval",
    "area_codes",
    "extra_matters",
    "required_documents",
    "subsidy_standards",
    "hardship_standards",
    "center_name",
    "cases_per_year",
    "workstation_share_percent",
    "half_year_from",
    "subsidy_rates",
    "quality",
];

/// The keys of one `[[hardship_standards]]` entry.
const STANDARD_KEYS: [&str; 2] = ["effective", "monthly_income_per_member"];

/// What each list or table key accepts, for error messages.
fn shape_of(key: &str) -> Option<String> {
    Some(match key {
        "area_codes" => "a list of 6-digit area codes, such as [\"430204\"]".into(),
        "extra_matters" => "a list of matter names, such as [\"婚姻家庭纠纷\"]".into(),
        "required_documents" => format!(
            "a table of lists of document names by kind of case ({})",
            Kind::choices()
        ),
        "subsidy_standards" => format!(
            "a table of amounts in yuan by kind of case ({})",
            Kind::choices()
        ),
        "hardship_standards" => {
            "[[hardship_standards]] tables with `effective` (a date) and `monthly_income_per_member` (yuan)"
                .into()
        }
        _ => return None,
    })
}

type Spans<T> = Option<Spanned<T>>;
type KindTable = BTreeMap<Spanned<String>, Spanned<Value>>;

/// The TOML form: every key optional, values checked by hand so that an
/// error can name the key and what it accepts.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    review_days: Spans<Value>,
    assign_after_grant_days: Spans<Value>,
    assign_on_notice_days: Spans<Value>,
    agreement_days: Spans<Value>,
    objection_days: Spans<Value>,
    case_file_days: Spans<Value>,
    file_review_days: Spans<Value>,
    emergency_days: Spans<Value>,
    warning_days: Spans<Value>,
    supplement_days: Spans<Value>,
    counting: Spans<Value>,
    clock_stop: Spans<Value>,
    self_approval: Spans<Value>,
    area_codes: Spans<Vec<Spanned<Value>>>,
    extra_matters: Spans<Vec<Spanned<Value>>>,
    required_documents: Spans<KindTable>,
    subsidy_standards: Spans<KindTable>,
    hardship_standards: Spans<Vec<Spanned<StandardFile>>>,
    center_name: Spans<Value>,
    cases_per_year: Spans<Value>,
    workstation_share_percent: Spans<Value>,
    half_year_from: Spans<Value>,
    subsidy_rates: Spans<Vec<Spanned<RatesFile>>>,
    quality: Spans<QualityFile>,
}

/// One `[[hardship_standards]]` entry of the file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StandardFile {
    effective: Spans<Value>,
    monthly_income_per_member: Spans<Value>,
}

impl Policy {
    /// The policy as a commented TOML file, readable by [`Policy::from_toml`].
    pub fn to_toml(&self) -> String {
        let days = |n: u32| n.to_string();
        let entries: [(&str, &str, String); 13] = [
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
                "Days the applicant is given to supply missing documents: the date a supplement notice proposes (Legal Aid Law Art. 43; the center's choice).",
                days(self.supplement_days),
            ),
            (
                KEYS[10],
                "How days are counted: \"calendar_days\" (start day not counted, a last day off moves to the next working day; Civil Procedure Law Art. 85) or \"working_days\" (MOJ rules 2012 counted the review in working days).",
                format!("\"{}\"", self.counting.code()),
            ),
            (
                KEYS[11],
                "true: time the applicant takes to supply missing documents is not counted in the review (MOJ rules 2012 Art. 13; unconfirmed for 2023).",
                self.clock_stop.to_string(),
            ),
            (
                KEYS[12],
                "true: whoever proposed a decision may also approve it (a center with one person only). false (the default): a proposal is approved by another director, never by its proposer (separation of duties).",
                self.self_approval.to_string(),
            ),
        ];
        let mut out = format!(
            "# docket: the center's policy: deadlines, area, hardship standards,\n\
             # provincial matters, required documents and handling subsidies.\n\
             # Every key is optional: a missing key takes its default.\n\
             # Days are whole numbers from 0 to {MAX_DAYS}, counted as `counting` says.\n"
        );
        for (key, comment, value) in entries {
            out.push_str(&format!("\n# {comment}\n{key} = {value}\n"));
        }
        out.push_str(&format!(
            "\n# The center's name, as reports and documents give it.\n{} = {}\n\
             \n# The plan's targets, which every report measures the year against: cases a\n\
             # year, and the share (percent) of non-criminal cases applied for through a\n\
             # workstation (the originating plan: 120 and 40).\n{} = {}\n{} = {}\n\
             \n# The month a half-year report starts: 1 (Jan-Jun, Jul-Dec), or a provincial\n\
             # cut-off such as 12 (Dec-May, Jun-Nov).\n{} = {}\n",
            KEYS[18],
            toml_string(&self.center_name),
            KEYS[19],
            self.cases_per_year,
            KEYS[20],
            self.workstation_share_percent,
            KEYS[21],
            self.half_year_from,
        ));

        let names: Vec<&str> = self
            .area_codes
            .iter()
            .filter_map(|c| areas::name_of(c))
            .collect();
        let names = if names.is_empty() {
            String::new()
        } else {
            format!("  # {}", names.join(", "))
        };
        out.push_str(&format!(
            "\n# The center's area: 6-digit administrative division codes (GB/T 2260), at\n\
             # least one. An ID number issued there, or an address naming the district, is\n\
             # a hint that the applicant's domicile is in the area: never proof.\n\
             # 430204 is Shifeng District, Zhuzhou.\n\
             {} = {}{names}\n",
            KEYS[13],
            string_list(&self.area_codes),
        ));
        out.push_str(&format!(
            "\n# Matters that provincial rules add to the scope of legal aid (Legal Aid Law\n\
             # Art. 31), as free text; empty by default. A case of matter \"other\" or\n\
             # \"marriage\" whose summary names one of them is in scope; otherwise the\n\
             # caseworker checks the scope by hand. For example:\n\
             # {} = [\"婚姻家庭纠纷\", \"劳动争议\", \"人身损害赔偿\"]\n\
             {} = {}\n",
            KEYS[14],
            KEYS[14],
            string_list(&self.extra_matters),
        ));
        if self.hardship_standards.is_empty() {
            out.push_str(&format!(
                "\n# Economic hardship standards: none, so hardship is always checked by hand.\n\
                 {} = []\n",
                KEYS[17]
            ));
        }

        out.push_str(&format!(
            "\n# The documents an application needs, by kind of case ({}).\n\
             # They are listed in the checklist and in the supplement notice (Legal Aid\n\
             # Law Art. 43). A kind that is not listed takes the default.\n\
             [{}]\n",
            Kind::choices(),
            KEYS[15]
        ));
        for d in &self.required_documents {
            out.push_str(&format!("{} = {}\n", d.kind.code(), string_list(&d.items)));
        }

        out.push_str(&rates_toml(&self.subsidy_rates));
        out.push_str(&quality_toml(&self.quality));

        if !self.hardship_standards.is_empty() {
            out.push_str(
                "\n# Economic hardship standards (经济困难标准, Legal Aid Law Art. 34): household\n\
                 # income per member per month, in yuan, at or below which an applicant is in\n\
                 # hardship, each from its effective date. The review uses the standard in\n\
                 # force on the date the application was received, so when the standard\n\
                 # changes, add an entry rather than editing the old one. The default is an\n\
                 # example, not an official figure (e.g. 2x the local minimum living\n\
                 # allowance, 低保): set your province's standard.\n",
            );
            for s in &self.hardship_standards {
                out.push_str(&format!(
                    "[[{}]]\neffective = {}\nmonthly_income_per_member = {}\n",
                    KEYS[17],
                    s.effective.format("%Y-%m-%d"),
                    s.monthly_income_per_member
                ));
            }
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
            supplement_days: days(
                &file.supplement_days,
                "supplement_days",
                1,
                d.supplement_days,
            )?,
            counting: read_counting(text, &file.counting, d.counting)?,
            clock_stop: read_bool(text, &file.clock_stop, "clock_stop", d.clock_stop)?,
            self_approval: read_bool(text, &file.self_approval, "self_approval", d.self_approval)?,
            center_name: read_center_name(text, &file.center_name, "center_name", d.center_name)?,
            cases_per_year: read_number(
                text,
                &file.cases_per_year,
                "cases_per_year",
                (0, 1_000_000),
                d.cases_per_year,
            )?,
            workstation_share_percent: read_number(
                text,
                &file.workstation_share_percent,
                "workstation_share_percent",
                (0, 100),
                d.workstation_share_percent,
            )?,
            half_year_from: read_number(
                text,
                &file.half_year_from,
                "half_year_from",
                (1, 12),
                d.half_year_from,
            )?,
            area_codes: match &file.area_codes {
                None => d.area_codes,
                Some(list) => read_area_codes(text, list)?,
            },
            extra_matters: match &file.extra_matters {
                None => d.extra_matters,
                Some(list) => read_names(text, list, "extra_matters", "a matter name")?,
            },
            required_documents: match &file.required_documents {
                None => d.required_documents,
                Some(table) => read_required_documents(text, table)?,
            },
            subsidy_rates: match (&file.subsidy_rates, &file.subsidy_standards) {
                (Some(list), _) => read_rates(text, list)?,
                // A policy written before the rate tables: its amounts by kind.
                (None, Some(table)) => vec![rates_from_kind_amounts(&read_subsidies(text, table)?)],
                (None, None) => d.subsidy_rates,
            },
            quality: match &file.quality {
                None => d.quality,
                Some(q) => read_quality(text, q)?,
            },
            hardship_standards: match &file.hardship_standards {
                None => d.hardship_standards,
                Some(list) => read_standards(text, list)?,
            },
        })
    }
}

fn toml_error(text: &str, err: &toml::de::Error) -> PolicyError {
    let span = err.span();
    let message = err.message();
    if let Some(rest) = message.strip_prefix("unknown field") {
        let key = span.clone().and_then(|s| text.get(s)).unwrap_or("?");
        let expected = backticked(rest.split_once("expected").map_or("", |(_, e)| e));
        let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
        let place = if expected == STANDARD_KEYS {
            " in [[hardship_standards]]"
        } else {
            ""
        };
        let allowed = if expected.is_empty() {
            or_list(&KEYS)
        } else {
            or_list(&expected)
        };
        return PolicyError::at(
            text,
            span,
            format!("unknown key `{key}`{place}"),
            Some(allowed),
        );
    }
    if message.starts_with("invalid type")
        && let Some(key) = span.clone().and_then(|s| key_before(text, s.start))
        && let Some(shape) = shape_of(&key)
    {
        let message = format!("`{key}` has the wrong type ({message})");
        return PolicyError::at(text, span, message, Some(shape));
    }
    PolicyError::at(text, span, message.to_string(), None)
}

/// The names between backticks in a serde message: "`a`, `b`" -> [a, b].
fn backticked(s: &str) -> Vec<String> {
    s.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, name)| name.to_string())
        .collect()
}

/// The key of a `key = value` line, given the offset of the value.
fn key_before(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    let line = before.rsplit('\n').next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    (!key.is_empty()).then(|| key.trim_matches('"').to_string())
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

/// A whole number of yuan from `min` to [`MAX_YUAN`].
fn read_yuan(text: &str, value: &Spanned<Value>, what: &str, min: u32) -> Result<u32, PolicyError> {
    let allowed = format!("a whole number of yuan from {min} to {MAX_YUAN}");
    let message = match value.get_ref() {
        Value::Integer(n) => match u32::try_from(*n) {
            Ok(n) if (min..=MAX_YUAN).contains(&n) => return Ok(n),
            _ => format!("{what} is {n}, out of range"),
        },
        other => format!("{what} must be a number, not {}", describe(other)),
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

/// A whole number within `range`, or the default when the key is missing.
fn read_number(
    text: &str,
    value: &Option<Spanned<Value>>,
    key: &str,
    (min, max): (u32, u32),
    default: u32,
) -> Result<u32, PolicyError> {
    let Some(value) = value else {
        return Ok(default);
    };
    let message = match value.get_ref() {
        Value::Integer(n) => match u32::try_from(*n) {
            Ok(n) if (min..=max).contains(&n) => return Ok(n),
            _ => format!("`{key}` is {n}, out of range"),
        },
        other => format!("`{key}` must be a number, not {}", describe(other)),
    };
    Err(PolicyError::at(
        text,
        Some(value.span()),
        message,
        Some(format!("a whole number from {min} to {max}")),
    ))
}

/// A one-line name of at most 60 characters, or the default.
fn read_center_name(
    text: &str,
    value: &Option<Spanned<Value>>,
    key: &str,
    default: String,
) -> Result<String, PolicyError> {
    let Some(value) = value else {
        return Ok(default);
    };
    let message = match value.get_ref() {
        Value::String(s) if s.chars().count() <= 60 && !s.chars().any(char::is_control) => {
            return Ok(s.trim().to_string());
        }
        Value::String(_) => format!("`{key}` must be one line of at most 60 characters"),
        other => format!("`{key}` must be a string, not {}", describe(other)),
    };
    Err(PolicyError::at(
        text,
        Some(value.span()),
        message,
        Some("a name in quotes, such as \"石峰区法律援助中心\"".into()),
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

fn read_area_codes(
    text: &str,
    list: &Spanned<Vec<Spanned<Value>>>,
) -> Result<Vec<String>, PolicyError> {
    let allowed = || Some("6 digits, such as \"430204\" (Shifeng District)".to_string());
    let mut codes: Vec<String> = Vec::new();
    for item in list.get_ref() {
        let code = match item.get_ref() {
            Value::String(s) if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) => s,
            Value::String(s) => {
                let message = format!("\"{s}\" in `area_codes` is not a 6-digit area code");
                return Err(PolicyError::at(text, Some(item.span()), message, allowed()));
            }
            other => {
                let message = format!(
                    "`area_codes` lists codes as strings, not {}",
                    describe(other)
                );
                return Err(PolicyError::at(text, Some(item.span()), message, allowed()));
            }
        };
        if codes.contains(code) {
            let message = format!("\"{code}\" is listed twice in `area_codes`");
            return Err(PolicyError::at(text, Some(item.span()), message, None));
        }
        codes.push(code.clone());
    }
    if codes.is_empty() {
        return Err(PolicyError::at(
            text,
            Some(list.span()),
            "`area_codes` must list at least one area code".into(),
            allowed(),
        ));
    }
    Ok(codes)
}

/// A list of distinct, non-empty names free of control characters.
fn read_names(
    text: &str,
    list: &Spanned<Vec<Spanned<Value>>>,
    key: &str,
    what: &str,
) -> Result<Vec<String>, PolicyError> {
    let mut names: Vec<String> = Vec::new();
    for item in list.get_ref() {
        let name = read_name(text, item, key, what)?;
        if names.contains(&name) {
            let message = format!("\"{name}\" is listed twice in `{key}`");
            return Err(PolicyError::at(text, Some(item.span()), message, None));
        }
        names.push(name);
    }
    Ok(names)
}

fn read_name(
    text: &str,
    item: &Spanned<Value>,
    key: &str,
    what: &str,
) -> Result<String, PolicyError> {
    let allowed = || Some(format!("{what} as a non-empty string"));
    let at = |message: String| PolicyError::at(text, Some(item.span()), message, allowed());
    match item.get_ref() {
        Value::String(s) => match text::clean(s) {
            Ok(name) if name.is_empty() => Err(at(format!("`{key}` lists an empty name"))),
            Ok(name) => Ok(name),
            Err(e) => Err(at(format!("\"{}\" in `{key}` {e}", text::printable(s)))),
        },
        other => Err(at(format!(
            "`{key}` lists strings, not {}",
            describe(other)
        ))),
    }
}

/// The kind a key of a `[required_documents]` or `[subsidy_standards]` table names.
fn read_kind(text: &str, key: &Spanned<String>, table: &str) -> Result<Kind, PolicyError> {
    Kind::from_code(key.get_ref()).ok_or_else(|| {
        PolicyError::at(
            text,
            Some(key.span()),
            format!("`{}` in [{table}] is not a kind of case", key.get_ref()),
            Some(Kind::choices()),
        )
    })
}

fn read_required_documents(
    text: &str,
    table: &Spanned<KindTable>,
) -> Result<Vec<RequiredDocuments>, PolicyError> {
    const KEY: &str = "required_documents";
    let mut given: BTreeMap<Kind, Vec<String>> = BTreeMap::new();
    for (key, value) in table.get_ref() {
        let kind = read_kind(text, key, KEY)?;
        let Value::Array(items) = value.get_ref() else {
            let message = format!(
                "`{}` in [{KEY}] must be a list of document names, not {}",
                key.get_ref(),
                describe(value.get_ref())
            );
            let allowed = Some("a list such as [\"身份证明\", \"经济困难状况说明表\"]".into());
            return Err(PolicyError::at(text, Some(value.span()), message, allowed));
        };
        // The items of an inline list carry no positions of their own: errors
        // point at the list.
        let mut names: Vec<String> = Vec::new();
        for item in items {
            let spanned = Spanned::new(value.span(), item.clone());
            let what = format!("{KEY}.{}", key.get_ref());
            let name = read_name(text, &spanned, &what, "a document name")?;
            if !names.contains(&name) {
                names.push(name);
            }
        }
        given.insert(kind, names);
    }
    Ok(Kind::ALL
        .iter()
        .map(|&kind| RequiredDocuments {
            kind,
            items: given
                .remove(&kind)
                .unwrap_or_else(|| default_documents(kind)),
        })
        .collect())
}

fn read_subsidies(
    text: &str,
    table: &Spanned<KindTable>,
) -> Result<Vec<SubsidyStandard>, PolicyError> {
    const KEY: &str = "subsidy_standards";
    let mut given: BTreeMap<Kind, u32> = BTreeMap::new();
    for (key, value) in table.get_ref() {
        let kind = read_kind(text, key, KEY)?;
        let what = format!("`{}` in [{KEY}]", key.get_ref());
        given.insert(kind, read_yuan(text, value, &what, 0)?);
    }
    // A kind not listed keeps the default rates of its classes.
    Ok(given
        .into_iter()
        .map(|(kind, amount)| SubsidyStandard { kind, amount })
        .collect())
}

fn read_standards(
    text: &str,
    list: &Spanned<Vec<Spanned<StandardFile>>>,
) -> Result<Vec<HardshipStandard>, PolicyError> {
    const KEY: &str = "hardship_standards";
    let mut standards: Vec<HardshipStandard> = Vec::new();
    for entry in list.get_ref() {
        let missing = |field: &str, allowed: &str| {
            PolicyError::at(
                text,
                Some(entry.span()),
                format!("a [[{KEY}]] entry has no `{field}`"),
                Some(allowed.to_string()),
            )
        };
        let e = entry.get_ref();
        let Some(effective) = &e.effective else {
            return Err(missing("effective", "a date such as 2024-01-01"));
        };
        let Some(amount) = &e.monthly_income_per_member else {
            return Err(missing(
                "monthly_income_per_member",
                "a whole number of yuan",
            ));
        };
        let Some(date) = local_date(effective.get_ref()) else {
            let message = format!(
                "`effective` in [[{KEY}]] must be a date, not {}",
                describe(effective.get_ref())
            );
            let allowed = Some("a date such as 2024-01-01 (no quotes, no time)".into());
            return Err(PolicyError::at(
                text,
                Some(effective.span()),
                message,
                allowed,
            ));
        };
        let what = format!("`monthly_income_per_member` in [[{KEY}]]");
        let amount = read_yuan(text, amount, &what, 1)?;
        if standards.iter().any(|s| s.effective == date) {
            let message = format!("two [[{KEY}]] entries take effect on {date}");
            return Err(PolicyError::at(text, Some(effective.span()), message, None));
        }
        standards.push(HardshipStandard {
            effective: date,
            monthly_income_per_member: amount,
        });
    }
    standards.sort_by_key(|s| s.effective);
    Ok(standards)
}

/// A TOML local date (no time, no offset).
fn local_date(value: &Value) -> Option<NaiveDate> {
    let Value::Datetime(dt) = value else {
        return None;
    };
    if dt.time.is_some() || dt.offset.is_some() {
        return None;
    }
    let d = dt.date?;
    NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
}

/// `["a", "b"]` with TOML basic-string escapes.
fn string_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
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

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn defaults_of_the_new_keys() {
        let p = Policy::default();
        assert_eq!(p.area_codes, vec!["430204".to_string()]);
        assert!(p.extra_matters.is_empty());
        let rates = p.rates_on(d("2026-01-01")).expect("a default rate table");
        for (kind, yuan) in [
            (Kind::Criminal, 2000),
            (Kind::Civil, 1500),
            (Kind::LaborArbitration, 1200),
            (Kind::NonLitigation, 800),
        ] {
            assert_eq!(
                crate::domain::funds::kind_standard(rates, kind),
                yuan,
                "{kind}"
            );
        }
        assert!(p.rates_on(d("2023-12-31")).is_none());
        for &kind in Kind::ALL {
            assert!(
                p.documents_for(kind).contains(&"身份证明".to_string()),
                "{kind}"
            );
        }
        assert!(p.documents_for(Kind::Criminal)[2].contains("起诉书"));
        let s = p.standard_on(d("2026-11-20")).unwrap();
        assert_eq!(
            s.describe(),
            "effective 2024-01-01: 1320 yuan per member per month"
        );
        assert!(p.standard_on(d("2023-12-31")).is_none());
    }

    #[test]
    fn the_standard_in_force_is_the_latest_effective_on_the_date() {
        let p = Policy {
            hardship_standards: vec![
                HardshipStandard {
                    effective: d("2026-07-01"),
                    monthly_income_per_member: 1500,
                },
                HardshipStandard {
                    effective: d("2024-01-01"),
                    monthly_income_per_member: 1320,
                },
            ],
            ..Policy::default()
        };
        let on = |s: &str| p.standard_on(d(s)).map(|s| s.monthly_income_per_member);
        assert_eq!(on("2026-06-30"), Some(1320));
        assert_eq!(on("2026-07-01"), Some(1500));
        assert_eq!(on("2027-01-01"), Some(1500));
        assert_eq!(on("2023-01-01"), None);
    }

    #[test]
    fn show_explains_every_new_key() {
        let text = Policy::default().to_toml();
        for needle in [
            "area_codes = [\"430204\"]  # 石峰区\n",
            "extra_matters = []\n",
            "[required_documents]\ncriminal = [\"身份证明\"",
            "[[subsidy_rates]]\neffective = 2024-01-01\n",
            "criminal_trial = { direct_costs = 500, labour_fee = 1500 }\n",
            "[quality]\nshare_percent = 15\n",
            "[[hardship_standards]]\neffective = 2024-01-01\nmonthly_income_per_member = 1320\n",
            "example, not an official figure (e.g. 2x the local minimum living",
            "Shifeng District",
        ] {
            assert!(text.contains(needle), "{needle}\n{text}");
        }
        for key in KEYS {
            assert!(text.contains(key), "{key}");
        }
    }

    #[test]
    fn new_keys_round_trip() {
        let p = Policy {
            area_codes: vec!["430204".into(), "430202".into()],
            extra_matters: vec!["婚姻家庭纠纷".into(), "a \"quoted\" \\ name".into()],
            hardship_standards: vec![
                HardshipStandard {
                    effective: d("2024-01-01"),
                    monthly_income_per_member: 1320,
                },
                HardshipStandard {
                    effective: d("2026-07-01"),
                    monthly_income_per_member: 1500,
                },
            ],
            required_documents: Kind::ALL
                .iter()
                .map(|&kind| RequiredDocuments {
                    kind,
                    items: if kind == Kind::NonLitigation {
                        Vec::new()
                    } else {
                        vec!["身份证明".into()]
                    },
                })
                .collect(),
            subsidy_rates: vec![
                RateTable::default(),
                RateTable {
                    effective: d("2026-07-01"),
                    cross_region: 800,
                    grade_percent: [120, 100, 80, 0],
                    ..RateTable::default()
                },
            ],
            quality: QualityPolicy {
                share_percent: 20,
                points: vec![10, 10, 20, 20, 20, 10, 10],
                thresholds: [85, 75, 60],
            },
            ..Policy::default()
        };
        let text = p.to_toml();
        assert_eq!(Policy::from_toml(&text).unwrap(), p, "{text}");
        let none = Policy {
            hardship_standards: Vec::new(),
            ..Policy::default()
        };
        let text = none.to_toml();
        assert!(text.contains("\nhardship_standards = []\n"), "{text}");
        assert_eq!(Policy::from_toml(&text).unwrap(), none);
    }

    #[test]
    fn a_file_from_before_the_new_keys_still_reads() {
        let old = "review_days = 7\ncounting = \"calendar_days\"\nclock_stop = true\n";
        let p = Policy::from_toml(old).unwrap();
        assert_eq!(p, Policy::default());
    }

    #[test]
    fn partial_kind_tables_take_the_other_defaults() {
        let p = Policy::from_toml(
            "[subsidy_standards]\ncriminal = 2000\n\n[required_documents]\ncivil = [\"身份证\"]\n",
        )
        .unwrap();
        // An older file's amounts by kind become a rate table.
        let rates = &p.subsidy_rates[0];
        assert_eq!(
            crate::domain::funds::kind_standard(rates, Kind::Criminal),
            2000
        );
        assert_eq!(
            crate::domain::funds::kind_standard(rates, Kind::Civil),
            1500
        );
        assert_eq!(p.documents_for(Kind::Civil), ["身份证".to_string()]);
        assert_eq!(
            p.documents_for(Kind::Criminal),
            default_documents(Kind::Criminal)
        );
    }

    #[test]
    fn standards_are_sorted_on_import() {
        let p = Policy::from_toml(
            "[[hardship_standards]]\neffective = 2026-07-01\nmonthly_income_per_member = 1500\n\
             [[hardship_standards]]\neffective = 2024-01-01\nmonthly_income_per_member = 1320\n",
        )
        .unwrap();
        let dates: Vec<NaiveDate> = p.hardship_standards.iter().map(|s| s.effective).collect();
        assert_eq!(dates, [d("2024-01-01"), d("2026-07-01")]);
    }

    #[test]
    fn bad_area_codes_are_errors_with_their_line() {
        let e = err("review_days = 7\narea_codes = [\"430204\", \"43020\"]\n");
        assert_eq!((e.line, e.column), (Some(2), Some(25)));
        assert_eq!(
            e.to_string(),
            "line 2, column 25: \"43020\" in `area_codes` is not a 6-digit area code; allowed: 6 digits, such as \"430204\" (Shifeng District)"
        );
        let e = err("area_codes = [430204]\n");
        assert!(e.message.contains("not the number 430204"), "{e}");
        let e = err("area_codes = []\n");
        assert!(e.message.contains("at least one"), "{e}");
        let e = err("area_codes = [\"430204\", \"430204\"]\n");
        assert!(e.message.contains("twice"), "{e}");
        let e = err("area_codes = \"430204\"\n");
        assert_eq!(e.line, Some(1));
        assert!(
            e.message.starts_with("`area_codes` has the wrong type"),
            "{e}"
        );
        assert!(e.allowed.unwrap().contains("a list of 6-digit area codes"));
        let e = err("area_codes = [\"43020x\"]\n");
        assert!(e.message.contains("43020x"), "{e}");
    }

    #[test]
    fn bad_standards_are_errors_with_their_line() {
        let e =
            err("[[hardship_standards]]\neffective = 2024-01-01\nmonthly_income_per_member = 0\n");
        assert_eq!(e.line, Some(3));
        assert!(e.to_string().contains("from 1 to 1000000"), "{e}");
        let e = err(
            "[[hardship_standards]]\neffective = \"2024-01-01\"\nmonthly_income_per_member = 1\n",
        );
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("must be a date"), "{e}");
        let e = err(
            "[[hardship_standards]]\neffective = 2024-01-01T08:00:00\nmonthly_income_per_member = 1\n",
        );
        assert_eq!(e.line, Some(2));
        let e = err("\n[[hardship_standards]]\nmonthly_income_per_member = 1\n");
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("no `effective`"), "{e}");
        let e = err("[[hardship_standards]]\neffective = 2024-01-01\nincome = 1\n");
        assert_eq!((e.line, e.column), (Some(3), Some(1)));
        assert_eq!(e.message, "unknown key `income` in [[hardship_standards]]");
        assert_eq!(
            e.allowed.as_deref(),
            Some("effective or monthly_income_per_member")
        );
        let e = err(
            "[[hardship_standards]]\neffective = 2024-01-01\nmonthly_income_per_member = 1\n\
             [[hardship_standards]]\neffective = 2024-01-01\nmonthly_income_per_member = 2\n",
        );
        assert_eq!(e.line, Some(5));
        assert!(e.message.contains("2024-01-01"), "{e}");
    }

    #[test]
    fn bad_kind_tables_are_errors_with_their_line() {
        let e = err("[subsidy_standards]\ncriminal = 1500\ncivill = 1200\n");
        assert_eq!((e.line, e.column), (Some(3), Some(1)));
        assert!(e.message.contains("`civill`"), "{e}");
        assert!(e.allowed.unwrap().contains("labor_arbitration"));
        let e = err("[subsidy_standards]\ncriminal = -1\n");
        assert_eq!(e.line, Some(2));
        assert!(e.to_string().contains("from 0 to 1000000"), "{e}");
        let e = err("[required_documents]\ncivil = \"身份证明\"\n");
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("must be a list"), "{e}");
        let e = err("[required_documents]\n\ncivil = [\"a\", \"\"]\n");
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("empty"), "{e}");
        let e = err("[required_documents]\ncivil = [\"a\\u0007\"]\n");
        assert!(e.message.contains("control character"), "{e}");
    }

    #[test]
    fn bad_extra_matters_are_errors() {
        let e = err("extra_matters = [\"a\", \"a\"]\n");
        assert!(e.message.contains("twice"), "{e}");
        let e = err("extra_matters = [\"a\", 3]\n");
        assert_eq!((e.line, e.column), (Some(1), Some(23)));
        let p = Policy::from_toml("extra_matters = [\" 婚姻家庭纠纷 \"]\n").unwrap();
        assert_eq!(p.extra_matters, ["婚姻家庭纠纷".to_string()]);
    }

    #[test]
    fn a_full_policy_survives_bincode() {
        let p = Policy {
            extra_matters: vec!["婚姻家庭纠纷".into()],
            area_codes: vec!["430204".into(), "430211".into()],
            ..Policy::default()
        };
        let config = bincode::config::standard();
        let bytes = bincode::serde::encode_to_vec(&p, config).unwrap();
        let (back, _): (Policy, usize) = bincode::serde::decode_from_slice(&bytes, config).unwrap();
        assert_eq!(back, p);
    }
}
