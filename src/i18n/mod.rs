//! User-facing words in English, Simplified and Traditional Chinese.
//!
//! Catalogs are TOML files compiled in, one key per string; a test proves
//! that all catalogs have the same keys. A missing key shows the key itself,
//! so a gap is visible rather than silent.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::domain::provider::{Exclusion, Reason, SERIOUS_CASE_YEARS};

mod checklist;
mod history;
mod refusal;
mod supervision;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Lang {
    #[value(name = "en")]
    En,
    #[value(name = "zh-Hans")]
    ZhHans,
    #[value(name = "zh-Hant")]
    ZhHant,
}

const EN: &str = include_str!("en.toml");
const ZH_HANS: &str = include_str!("zh-Hans.toml");
const ZH_HANT: &str = include_str!("zh-Hant.toml");

impl Lang {
    /// From the locale variables, in POSIX precedence.
    pub fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .map(|v| Lang::from_locale(&v))
            .unwrap_or(Lang::En)
    }

    pub fn from_locale(locale: &str) -> Lang {
        let l = locale.to_ascii_lowercase();
        if !l.starts_with("zh") {
            Lang::En
        } else if ["hant", "_tw", "_hk", "_mo", "-tw", "-hk", "-mo"]
            .iter()
            .any(|m| l.contains(m))
        {
            Lang::ZhHant
        } else {
            Lang::ZhHans
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => EN,
            Lang::ZhHans => ZH_HANS,
            Lang::ZhHant => ZH_HANT,
        }
    }

    /// The language's catalog, parsed the first time it is asked for: a
    /// command parses only the language it speaks (and English only when a
    /// key is missing there).
    fn catalog(self) -> &'static HashMap<String, String> {
        static CATALOGS: [OnceLock<HashMap<String, String>>; 3] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        CATALOGS[self as usize].get_or_init(|| parse(self.source()).unwrap_or_default())
    }

    /// The string for `key`, or the key itself when a catalog lacks it.
    pub fn t(self, key: &str) -> &'static str {
        self.catalog()
            .get(key)
            .or_else(|| Lang::En.catalog().get(key))
            .map(String::as_str)
            .unwrap_or_else(|| missing(key))
    }
}

/// Fills `{name}` placeholders of a catalog string in one pass, so that data
/// containing braces is never taken for a placeholder.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let value = after.find('}').and_then(|end| {
            let name = &after[1..end];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, end))
        });
        match value {
            Some((v, end)) => {
                out.push_str(v);
                rest = &after[end + 1..];
            }
            None => {
                out.push('{');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

impl Lang {
    /// Why a provider ranks where it does, in this language.
    pub fn reason(self, r: &Reason) -> String {
        let word = |prefix: &str, code: &dyn std::fmt::Display| self.t(&format!("{prefix}.{code}"));
        match r {
            Reason::Matter(m) => fill(
                self.t("provider.reason.matter"),
                &[("matter", word("matter", m))],
            ),
            Reason::Kind(k) => fill(self.t("provider.reason.kind"), &[("kind", word("kind", k))]),
            Reason::NoSpecialty { matter, kind } => fill(
                self.t("provider.reason.no_specialty"),
                &[
                    ("matter", word("matter", matter)),
                    ("kind", word("kind", kind)),
                ],
            ),
            Reason::DefenceYears(years) => fill(
                self.t("provider.reason.defence_years"),
                &[
                    ("years", &years.to_string()),
                    ("needed", &SERIOUS_CASE_YEARS.to_string()),
                ],
            ),
            Reason::Juvenile => self.t("provider.reason.juvenile").to_string(),
            Reason::Load { open, capacity } => fill(
                self.t("provider.reason.load"),
                &[
                    ("open", &open.to_string()),
                    ("capacity", &capacity.to_string()),
                ],
            ),
        }
    }

    /// One line on a ranked provider: why they cannot take the case, or
    /// else why they rank where they do.
    pub fn why(self, excluded: &[Exclusion], reasons: &[Reason]) -> String {
        let parts: Vec<String> = if excluded.is_empty() {
            reasons.iter().map(|r| self.reason(r)).collect()
        } else {
            excluded.iter().map(|e| self.exclusion(e)).collect()
        };
        parts.join(self.t("provider.separator"))
    }

    /// Why a provider cannot take a case, in this language.
    pub fn exclusion(self, e: &Exclusion) -> String {
        match e {
            Exclusion::Inactive => self.t("provider.excluded.inactive").to_string(),
            Exclusion::NeedsCriminalDefenseYears { has } => fill(
                self.t("provider.excluded.defence_years"),
                &[
                    ("has", &has.to_string()),
                    ("needed", &SERIOUS_CASE_YEARS.to_string()),
                ],
            ),
            Exclusion::NeedsJuvenile => self.t("provider.excluded.juvenile").to_string(),
            Exclusion::NeedsLawyer => self.t("provider.excluded.lawyer").to_string(),
            Exclusion::ActedForAdverseParty { case } => fill(
                self.t("provider.excluded.adverse"),
                &[("case", &case.to_string())],
            ),
            Exclusion::Full => self.t("provider.excluded.full").to_string(),
        }
    }
}

/// A key no catalog has shows as itself; each such key is kept once (a
/// missing key is a bug, so this stays tiny).
fn missing(key: &str) -> &'static str {
    static MISSING: OnceLock<std::sync::Mutex<Vec<&'static str>>> = OnceLock::new();
    let mut seen = MISSING
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    if let Some(k) = seen.iter().find(|k| **k == key) {
        return k;
    }
    let k: &'static str = Box::leak(key.to_string().into_boxed_str());
    seen.push(k);
    k
}

/// Flattens a catalog's tables into dotted keys.
fn parse(source: &str) -> Result<HashMap<String, String>, toml::de::Error> {
    let table: toml::Table = toml::from_str(source)?;
    let mut out = HashMap::new();
    flatten("", &table, &mut out);
    Ok(out)
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            other => {
                out.insert(key, other.to_string());
            }
        }
    }
}

impl Lang {
    /// A concluded case's coded result in words, with what it obtained.
    pub fn case_result(self, case: &crate::domain::case::Case) -> Option<String> {
        let r = case.result.as_ref()?;
        let code = self.t(&format!("result.{}", r.code.code()));
        let key = match (r.recovered, r.wages) {
            (0, _) => return Some(code.to_string()),
            (_, 0) => "show.result_amount",
            _ => "show.result_wages",
        };
        Some(fill(
            self.t(key),
            &[
                ("result", code),
                ("amount", &r.recovered.to_string()),
                ("wages", &r.wages.to_string()),
            ],
        ))
    }
}

impl Lang {
    /// A column of the report tables in words, under its heading group
    /// when the group is not already said by the line ("刑事·申请类").
    pub fn report_column(self, column: crate::domain::report::Column) -> String {
        let label = self.t(&format!("report.column.{}", column.code()));
        match column.group() {
            Some(g) if g != "civil_administrative" => {
                format!("{}·{label}", self.t(&format!("report.group_{g}")))
            }
            _ => label.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn all_catalogs_have_the_same_keys() {
        let keys = |src| parse(src).unwrap().into_keys().collect::<BTreeSet<_>>();
        let en = keys(EN);
        for (name, src) in [("zh-Hans", ZH_HANS), ("zh-Hant", ZH_HANT)] {
            let other = keys(src);
            let missing: Vec<_> = en.difference(&other).collect();
            let extra: Vec<_> = other.difference(&en).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{name}: missing {missing:?}, extra {extra:?}"
            );
        }
    }

    #[test]
    fn every_code_has_a_word() {
        use crate::domain::codes::*;
        let codes = Kind::ALL
            .iter()
            .map(|c| format!("kind.{c}"))
            .chain(Matter::ALL.iter().map(|c| format!("matter.{c}")))
            .chain(Channel::ALL.iter().map(|c| format!("channel.{c}")))
            .chain(Status::ALL.iter().map(|c| format!("status.{c}")))
            .chain(Group::ALL.iter().map(|c| format!("group.{c}")))
            .chain(ResultCode::ALL.iter().map(|c| format!("result.{c}")))
            .chain(
                crate::domain::report::Column::ALL
                    .iter()
                    .map(|c| format!("report.column.{c}")),
            )
            .chain(
                crate::domain::consult::ConsultChannel::ALL
                    .iter()
                    .map(|c| format!("consult.channel.{c}")),
            )
            .chain(
                crate::domain::consult::Topic::ALL
                    .iter()
                    .map(|c| format!("consult.topic.{c}")),
            )
            .chain(
                crate::domain::consult::Area::ALL
                    .iter()
                    .map(|c| format!("consult.area.{c}")),
            );
        let en = parse(EN).unwrap();
        for key in codes {
            assert!(en.contains_key(&key), "{key}");
        }
    }

    #[test]
    fn provider_reasons_are_worded_in_every_language() {
        use crate::domain::case::CaseNo;
        use crate::domain::codes::{Kind, Matter};
        let reasons = [
            Reason::Matter(Matter::Wages),
            Reason::Kind(Kind::Civil),
            Reason::NoSpecialty {
                matter: Matter::Wages,
                kind: Kind::Civil,
            },
            Reason::DefenceYears(5),
            Reason::Juvenile,
            Reason::Load {
                open: 3,
                capacity: 10,
            },
        ];
        let exclusions = [
            Exclusion::Inactive,
            Exclusion::NeedsCriminalDefenseYears { has: 1 },
            Exclusion::NeedsJuvenile,
            Exclusion::NeedsLawyer,
            Exclusion::ActedForAdverseParty {
                case: CaseNo::new(2026, 12),
            },
            Exclusion::Full,
        ];
        for lang in [Lang::En, Lang::ZhHans, Lang::ZhHant] {
            let texts = reasons
                .iter()
                .map(|r| lang.reason(r))
                .chain(exclusions.iter().map(|e| lang.exclusion(e)));
            for text in texts {
                assert!(
                    !text.contains('{') && !text.starts_with("provider."),
                    "{lang:?}: {text}"
                );
            }
        }
        assert_eq!(Lang::ZhHans.reason(&reasons[1]), "擅长民事案件");
        assert_eq!(Lang::En.reason(&reasons[5]), "load 3/10");
        assert!(Lang::ZhHant.exclusion(&exclusions[4]).contains("2026-0012"));
        // Codes are shown as words.
        assert_eq!(
            Lang::En.reason(&reasons[0]),
            "specializes in the matter (unpaid wages)"
        );
        assert_eq!(
            Lang::En.exclusion(&exclusions[1]),
            exclusions[1].to_string()
        );
    }

    #[test]
    fn locale_picks_the_script() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::ZhHans);
        assert_eq!(Lang::from_locale("zh_TW.UTF-8"), Lang::ZhHant);
        assert_eq!(Lang::from_locale("zh_Hant_HK"), Lang::ZhHant);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("C.UTF-8"), Lang::En);
    }
}
