//! The policy file's subsidy rate tables (`[[subsidy_rates]]`) and peer
//! review rules (`[quality]`): written with comments, read with every
//! error at its line and column.

use super::*;

type NamedValues = BTreeMap<Spanned<String>, Spanned<Value>>;

/// One `[[subsidy_rates]]` entry of the file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RatesFile {
    effective: Spans<Value>,
    classes: Spans<BTreeMap<Spanned<String>, Spanned<ClassFile>>>,
    cross_region: Spans<Value>,
    serious_percent: Spans<Value>,
    early_end_percent: Spans<Value>,
    grade_percent: Spans<NamedValues>,
    duty_per_day: Spans<Value>,
    consultation_per_item: Spans<Value>,
    drafting_per_item: Spans<Value>,
}

/// One class of a `[[subsidy_rates]]` entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassFile {
    direct_costs: Spans<Value>,
    labour_fee: Spans<Value>,
}

/// The `[quality]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QualityFile {
    share_percent: Spans<Value>,
    thresholds: Spans<NamedValues>,
    points: Spans<NamedValues>,
}

/// Writes the rate tables as `[[subsidy_rates]]` entries.
pub(super) fn rates_toml(tables: &[RateTable]) -> String {
    let mut out = format!(
        "\n# The handling subsidy rates (办案补贴标准, Legal Aid Law Art. 52), in yuan,\n\
         # each table from its effective date: a case is paid by the table in force on\n\
         # the day its file was submitted, so when the province changes the rates, add a\n\
         # table rather than editing the old one. Per class ({}): the direct costs\n\
         # and the labour fee (center staff get no labour fee). A possible life or death\n\
         # sentence pays `serious_percent`, a case handled across regions adds\n\
         # `cross_region` to the costs, a case ended early (terminated, withdrawn) pays\n\
         # `early_end_percent`, and the peer review's grade pays `grade_percent`.\n\
         # The defaults are examples, not official figures. (A policy written before\n\
         # the rate tables gave amounts by kind in a `[subsidy_standards]` table: it is\n\
         # still read, as one table.)\n",
        crate::domain::funds::RateClass::codes()
    );
    if tables.is_empty() {
        out.push_str("subsidy_rates = []\n");
    }
    for t in tables {
        let [excellent, good, pass, fail] = t.grade_percent;
        out.push_str(&format!(
            "[[subsidy_rates]]\neffective = {}\ncross_region = {}\nserious_percent = {}\n\
             early_end_percent = {}\n\
             grade_percent = {{ excellent = {excellent}, good = {good}, pass = {pass}, fail = {fail} }}\n\
             duty_per_day = {}\nconsultation_per_item = {}\ndrafting_per_item = {}\n\
             [subsidy_rates.classes]\n",
            t.effective.format("%Y-%m-%d"),
            t.cross_region,
            t.serious_percent,
            t.early_end_percent,
            t.duty_per_day,
            t.consultation_per_item,
            t.drafting_per_item,
        ));
        for r in &t.classes {
            out.push_str(&format!(
                "{} = {{ direct_costs = {}, labour_fee = {} }}\n",
                r.class.code(),
                r.direct_costs,
                r.labour_fee
            ));
        }
    }
    out
}

/// Writes the `[quality]` table.
pub(super) fn quality_toml(q: &QualityPolicy) -> String {
    use crate::domain::quality::ScoreItem;
    let [excellent, good, pass] = q.thresholds;
    let mut out = format!(
        "\n# The peer review (同行评估): the percent of closed files drawn each period, the\n\
         # lowest total of each grade, and the most points of each item of the score\n\
         # sheet (they add up to 100).\n\
         [quality]\nshare_percent = {}\n\
         thresholds = {{ excellent = {excellent}, good = {good}, pass = {pass} }}\n\
         [quality.points]\n",
        q.share_percent
    );
    for item in ScoreItem::ALL {
        out.push_str(&format!("{} = {}\n", item.code(), q.max_of(*item)));
    }
    out
}

/// A table of named whole numbers (`{ excellent = 90, ... }`) with exactly
/// the names given, in their order, each within `range`.
fn read_named(
    text: &str,
    table: &Spanned<NamedValues>,
    key: &str,
    names: &[&str],
    range: (u32, u32),
) -> Result<Vec<u32>, PolicyError> {
    for name in table.get_ref().keys() {
        if !names.contains(&name.get_ref().as_str()) {
            return Err(PolicyError::at(
                text,
                Some(name.span()),
                format!("`{}` is not a key of `{key}`", name.get_ref()),
                Some(or_list(names)),
            ));
        }
    }
    names
        .iter()
        .map(|n| {
            let value = table.get_ref().iter().find(|(k, _)| k.get_ref() == n);
            match value {
                Some((_, v)) => {
                    read_number(text, &Some(v.clone()), &format!("{key}.{n}"), range, 0)
                }
                None => Err(PolicyError::at(
                    text,
                    Some(table.span()),
                    format!("`{key}` has no `{n}`"),
                    Some(format!("every one of {}", or_list(names))),
                )),
            }
        })
        .collect()
}

pub(super) fn read_rates(
    text: &str,
    list: &Spanned<Vec<Spanned<RatesFile>>>,
) -> Result<Vec<RateTable>, PolicyError> {
    use crate::domain::funds::RateClass;
    const KEY: &str = "subsidy_rates";
    let d = RateTable::default();
    let mut out: Vec<RateTable> = Vec::new();
    for entry in list.get_ref() {
        let e = entry.get_ref();
        let Some(effective) = &e.effective else {
            return Err(PolicyError::at(
                text,
                Some(entry.span()),
                format!("a [[{KEY}]] entry has no `effective`"),
                Some("a date such as 2024-01-01".into()),
            ));
        };
        let Some(date) = local_date(effective.get_ref()) else {
            return Err(PolicyError::at(
                text,
                Some(effective.span()),
                format!(
                    "`effective` in [[{KEY}]] must be a date, not {}",
                    describe(effective.get_ref())
                ),
                Some("a date such as 2024-01-01 (no quotes, no time)".into()),
            ));
        };
        if out.iter().any(|t| t.effective == date) {
            let message = format!("two [[{KEY}]] entries take effect on {date}");
            return Err(PolicyError::at(text, Some(effective.span()), message, None));
        }
        let mut classes = d.classes.clone();
        if let Some(given) = &e.classes {
            for (name, class) in given.get_ref() {
                let Some(c) = RateClass::from_code(name.get_ref()) else {
                    return Err(PolicyError::at(
                        text,
                        Some(name.span()),
                        format!(
                            "`{}` in [{KEY}.classes] is not a class of case",
                            name.get_ref()
                        ),
                        Some(RateClass::choices()),
                    ));
                };
                let part = |v: &Spans<Value>, field: &str| match v {
                    Some(v) => read_yuan(text, v, &format!("`{field}` of `{}`", c.code()), 0),
                    None => Err(PolicyError::at(
                        text,
                        Some(class.span()),
                        format!("`{}` in [{KEY}.classes] has no `{field}`", c.code()),
                        Some("a whole number of yuan".into()),
                    )),
                };
                let direct_costs = part(&class.get_ref().direct_costs, "direct_costs")?;
                let labour_fee = part(&class.get_ref().labour_fee, "labour_fee")?;
                if let Some(r) = classes.iter_mut().find(|r| r.class == c) {
                    *r = ClassRate {
                        class: c,
                        direct_costs,
                        labour_fee,
                    };
                }
            }
        }
        let grade_percent = match &e.grade_percent {
            None => d.grade_percent,
            Some(t) => {
                let v = read_named(
                    text,
                    t,
                    "grade_percent",
                    &["excellent", "good", "pass", "fail"],
                    (0, 300),
                )?;
                [v[0], v[1], v[2], v[3]]
            }
        };
        out.push(RateTable {
            effective: date,
            classes,
            cross_region: match &e.cross_region {
                Some(v) => read_yuan(text, v, "`cross_region`", 0)?,
                None => d.cross_region,
            },
            duty_per_day: match &e.duty_per_day {
                Some(v) => read_yuan(text, v, "`duty_per_day`", 0)?,
                None => d.duty_per_day,
            },
            consultation_per_item: match &e.consultation_per_item {
                Some(v) => read_yuan(text, v, "`consultation_per_item`", 0)?,
                None => d.consultation_per_item,
            },
            drafting_per_item: match &e.drafting_per_item {
                Some(v) => read_yuan(text, v, "`drafting_per_item`", 0)?,
                None => d.drafting_per_item,
            },
            serious_percent: read_number(
                text,
                &e.serious_percent,
                "serious_percent",
                (100, 300),
                d.serious_percent,
            )?,
            early_end_percent: read_number(
                text,
                &e.early_end_percent,
                "early_end_percent",
                (0, 100),
                d.early_end_percent,
            )?,
            grade_percent,
        });
    }
    out.sort_by_key(|t| t.effective);
    Ok(out)
}

pub(super) fn read_quality(
    text: &str,
    q: &Spanned<QualityFile>,
) -> Result<QualityPolicy, PolicyError> {
    use crate::domain::quality::ScoreItem;
    let d = QualityPolicy::default();
    let f = q.get_ref();
    let thresholds = match &f.thresholds {
        None => d.thresholds,
        Some(t) => {
            let v = read_named(
                text,
                t,
                "thresholds",
                &["excellent", "good", "pass"],
                (0, 100),
            )?;
            if !(v[0] > v[1] && v[1] > v[2]) {
                return Err(PolicyError::at(
                    text,
                    Some(t.span()),
                    "`thresholds` must fall from excellent to good to pass".into(),
                    Some("such as { excellent = 90, good = 80, pass = 60 }".into()),
                ));
            }
            [v[0], v[1], v[2]]
        }
    };
    let points = match &f.points {
        None => d.points,
        Some(t) => {
            let codes: Vec<&str> = ScoreItem::ALL.iter().map(|i| i.code()).collect();
            let v = read_named(text, t, "points", &codes, (0, 100))?;
            if v.iter().sum::<u32>() != 100 {
                return Err(PolicyError::at(
                    text,
                    Some(t.span()),
                    format!(
                        "the items' points add up to {}, not 100",
                        v.iter().sum::<u32>()
                    ),
                    None,
                ));
            }
            v
        }
    };
    Ok(QualityPolicy {
        share_percent: read_number(
            text,
            &f.share_percent,
            "share_percent",
            (1, 100),
            d.share_percent,
        )?,
        points,
        thresholds,
    })
}
